"""Failed logins on the admin and the desk, and unknown API tokens, are throttled per username and
per client address: after the limit, 429 with Retry-After — with the right password too — until
the window has passed."""
import datetime
import time

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.domain import tokens
from accounts.models import ApiToken
from checkin.models import Scan
from tests import factories
from tests.checkin.conftest import code_of, make_badge, make_checkpoint, make_zone, nonce

pytestmark = pytest.mark.django_db
WINDOW = 900


def log_in(url, username, password, address="10.0.0.1", **extra):
    client = Client()
    response = client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)
    return response, client


def is_logged_in(client):
    return "_auth_user_id" in client.session


def assert_locked_out(response, text):
    assert response.status_code == 429
    assert WINDOW - 5 <= int(response["Retry-After"]) <= WINDOW
    assert text in response.content.decode()


def test_the_admin_locks_a_username_after_five_failures_even_with_the_right_password(db):
    factories.make_user("alice", is_staff=True, is_superuser=True)
    for _ in range(5):
        response, _ = log_in("/admin/login/", "alice", "wrong")
        assert response.status_code == 200
    response, client = log_in("/admin/login/", "alice", "pw-alice")
    assert_locked_out(response,
                      "Too many failed logins for this account or from your address. Try again in 15 minutes.")
    assert not is_logged_in(client)
    # The username is locked from every address, other usernames are not.
    assert log_in("/admin/login/", "alice", "pw-alice", address="10.9.9.9")[0].status_code == 429
    factories.make_user("bob", is_staff=True)
    response, client = log_in("/admin/login/", "bob", "pw-bob")
    assert response.status_code == 302 and is_logged_in(client)


def test_failures_on_one_username_from_many_addresses_add_up(db):
    factories.make_user("alice", is_staff=True)
    for n in range(5):
        log_in("/admin/login/", "Alice", "wrong", address=f"10.0.1.{n}")
    assert log_in("/admin/login/", "alice", "pw-alice", address="10.0.2.1")[0].status_code == 429


def test_the_admin_locks_an_address_after_twenty_failures_on_any_usernames(db):
    factories.make_user("carol", is_staff=True)
    for n in range(20):
        assert log_in("/admin/login/", f"guess{n}", "wrong", address="10.0.0.7")[0].status_code == 200
    response, client = log_in("/admin/login/", "carol", "pw-carol", address="10.0.0.7")
    assert_locked_out(response, "Try again in 15 minutes.")
    response, client = log_in("/admin/login/", "carol", "pw-carol", address="10.0.0.8")
    assert response.status_code == 302 and is_logged_in(client)


@override_settings(THROTTLE_WINDOW_SECONDS=6)  # wide enough for five logins on a busy machine
def test_the_desk_locks_out_until_the_window_has_passed(event):
    factories.make_member(event, "checkin", username="guard1")
    for _ in range(5):
        response, _ = log_in("/desk/login/", "guard1", "wrong")
        assert response.status_code == 200 and "Wrong username or password." in response.content.decode()
    response, client = log_in("/desk/login/", "guard1", "pw-guard1")
    assert response.status_code == 429 and 1 <= int(response["Retry-After"]) <= 6
    page = response.content.decode()
    assert "登录失败次数过多" in page and "Too many failed logins" in page and "Try again in 1 minute." in page
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert not is_logged_in(client)
    time.sleep(int(response["Retry-After"]) + 0.1)
    response, client = log_in("/desk/login/", "guard1", "pw-guard1")
    assert response.status_code == 302 and is_logged_in(client)


def test_a_successful_login_is_not_counted(db):
    factories.make_user("dave", is_staff=True)
    for _ in range(10):
        assert log_in("/admin/login/", "dave", "pw-dave")[0].status_code == 302


@override_settings(THROTTLE_LOGIN_FAILURES_PER_USER=0, THROTTLE_LOGIN_FAILURES_PER_ADDRESS=0)
def test_a_limit_of_zero_turns_the_throttle_off(db):
    factories.make_user("erin", is_staff=True)
    for _ in range(25):
        log_in("/admin/login/", "erin", "wrong")
    assert log_in("/admin/login/", "erin", "pw-erin")[0].status_code == 302


def with_key(key, address="10.0.0.1"):
    client = APIClient(REMOTE_ADDR=address)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_bad_api_tokens_lock_out_their_address(db):
    user = factories.make_user()
    good_key = factories.token_for(user)
    for n in range(20):
        assert with_key(f"lia_guess{n}").get("/api/v1/auth/tokens/").status_code == 401
    refused = with_key(good_key).get("/api/v1/auth/tokens/")
    assert refused.status_code == 429
    assert WINDOW - 5 <= int(refused["Retry-After"]) <= WINDOW
    assert refused.json()["code"] == "throttled"
    assert refused.json()["detail"].startswith("Too many invalid tokens from your address. Try again in ")
    assert with_key(good_key, address="10.0.0.2").get("/api/v1/auth/tokens/").status_code == 200
    # The session (the desk's pages) is not concerned.
    session = APIClient(REMOTE_ADDR="10.0.0.1")
    session.force_login(user)
    assert session.get("/api/v1/auth/tokens/").status_code == 200


def test_expired_or_revoked_keys_are_no_guesses_and_do_not_lock_out(db):
    user = factories.make_user()
    expired, expired_key = tokens.create_token(user)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    revoked, revoked_key = tokens.create_token(user)
    tokens.revoke_token(revoked)
    for _ in range(15):
        assert with_key(expired_key).get("/api/v1/auth/tokens/").status_code == 401
        assert with_key(revoked_key).get("/api/v1/auth/tokens/").status_code == 401
    assert with_key(factories.token_for(user)).get("/api/v1/auth/tokens/").status_code == 200


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(db, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}  # DRF reloads its settings
    for n in range(20):
        client = with_key(f"lia_guess{n}", address="10.0.0.100")  # the proxy
        client.get("/api/v1/auth/tokens/", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.9")
    key = factories.token_for(factories.make_user())
    spoofed = with_key(key, address="10.0.0.100").get("/api/v1/auth/tokens/",
                                                       HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9")
    other = with_key(key, address="10.0.0.100").get("/api/v1/auth/tokens/", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert (spoofed.status_code, other.status_code) == (429, 200)


@pytest.fixture
def gate_and_badge(event):
    zone = make_zone(event, "PLENARY")
    return make_checkpoint(event, [zone]), make_badge(event, [zone])


def scan(client, event, gate, badge):
    body = {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": nonce()}
    return client.post(f"/api/v1/events/{event.slug}/checkin/scan/", body, format="json")


def test_the_scan_endpoint_takes_hashed_tokens_with_the_same_rules(event, gate_and_badge):
    gate, badge = gate_and_badge
    guard = factories.make_member(event, "checkin")
    token, key = tokens.create_token(guard)
    assert scan(with_key(key), event, gate, badge).status_code == 201
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = scan(with_key(key), event, gate, badge)
    assert expired.status_code == 401 and expired.json()["detail"] == "Token expired."

    other, other_key = tokens.create_token(guard)
    tokens.revoke_token(other)
    revoked = scan(with_key(other_key), event, gate, badge)
    assert revoked.status_code == 401 and revoked.json()["detail"] == "Token revoked."
    assert Scan.objects.count() == 1  # only the good token's scan (the refused ones record nothing)


def test_the_scan_endpoint_refuses_a_locked_out_address_even_with_a_good_token(event, gate_and_badge):
    gate, badge = gate_and_badge
    key = factories.token_for(factories.make_member(event, "checkin"))
    for n in range(20):
        assert scan(with_key(f"lia_guess{n}", address="10.0.0.5"), event, gate, badge).status_code == 401
    locked = scan(with_key(key, address="10.0.0.5"), event, gate, badge)
    assert locked.status_code == 429 and int(locked["Retry-After"]) > WINDOW - 5
    assert not Scan.objects.exists()
    assert scan(with_key(key, address="10.0.0.6"), event, gate, badge).status_code == 201


def test_the_counters_work_in_redis_as_production_keeps_them(db, settings):
    """Production keeps the counters in Redis (CACHE_URL), shared by every web process."""
    import uuid

    from django.core.cache import caches

    broker = __import__("os").environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis"):
        pytest.skip("needs Redis (runs in .ci/run)")
    settings.CACHES = {**settings.CACHES, "throttle": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": broker,
        "KEY_PREFIX": f"test-throttle-{uuid.uuid4().hex}"}}
    assert type(caches["throttle"]).__name__ == "RedisCache"
    factories.make_user("frank", is_staff=True)
    for _ in range(5):
        log_in("/admin/login/", "frank", "wrong")
    assert_locked_out(log_in("/admin/login/", "frank", "pw-frank")[0], "Try again in 15 minutes.")


def test_the_admin_says_it_in_chinese_too(db):
    for _ in range(5):
        log_in("/admin/login/", "zhang", "wrong")
    response, _ = log_in("/admin/login/", "zhang", "wrong", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 429
    assert "该账户或您的地址登录失败次数过多，请 15 分钟后再试。" in response.content.decode()
