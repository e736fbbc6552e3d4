"""API tokens: only a digest in the database, expiry and revocation, the owner's list and revoke,
the management command, the data migration of the old plain-text keys."""
import datetime
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.domain import tokens
from accounts.models import ApiToken
from tests import factories

pytestmark = pytest.mark.django_db
TOKENS_URL = "/api/v1/auth/tokens/"


def with_key(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def stored_columns(token_id):
    return [str(value) for value in ApiToken.objects.filter(pk=token_id).values().get().values()]


def test_the_database_holds_a_digest_never_the_key(event):
    user = factories.make_member(event, "viewer")
    created = with_key(factories.token_for(user)).post(TOKENS_URL, {"name": "gate 3"}, format="json")
    assert created.status_code == 201
    key = created.json()["key"]
    assert key.startswith("lia_") and len(key) == 4 + 43
    token = ApiToken.objects.get(pk=created.json()["id"])
    assert token.digest == hashlib.sha256(key.encode()).hexdigest() != key
    assert not any(key in value for value in stored_columns(token.pk))
    assert token.prefix == key[:12] and not any(key[12:20] in value for value in stored_columns(token.pk))
    assert with_key(key).get(f"/api/v1/events/{event.slug}/").status_code == 200


def test_create_answers_the_key_once_and_the_list_never(event):
    user = factories.make_user()
    client = APIClient()
    client.force_authenticate(user)
    created = client.post(TOKENS_URL, {"name": "laptop", "expires_in_days": 30}, format="json").json()
    assert set(created) == {"id", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at",
                            "active", "key"}
    expires_at = datetime.datetime.fromisoformat(created["expires_at"])
    assert abs(expires_at - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(minutes=1)
    listed = client.get(TOKENS_URL).json()["results"]
    assert listed == [{k: v for k, v in created.items() if k != "key"}]
    assert created["key"] not in client.get(TOKENS_URL).content.decode()


def test_the_default_expiry_comes_from_the_setting(db):
    user = factories.make_user()
    with override_settings(API_TOKEN_DEFAULT_DAYS=7):
        token, _ = tokens.create_token(user)
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=7))) < datetime.timedelta(minutes=1)
    with override_settings(API_TOKEN_DEFAULT_DAYS=0):
        assert tokens.create_token(user)[0].expires_at is None


@pytest.mark.parametrize("body, field", [
    ({"expires_in_days": 0}, "expires_in_days"),
    ({"expires_in_days": 3651}, "expires_in_days"),
    ({"expires_in_days": "soon"}, "expires_in_days"),
    ({"name": "x" * 101}, "name"),
    ({"name": "a\x00b"}, "name"),
])
def test_bad_creations_are_400s_naming_the_field(db, body, field):
    client = with_key(factories.token_for(factories.make_user()))
    response = client.post(TOKENS_URL, body, format="json")
    assert response.status_code == 400 and list(response.json()) == [field]
    assert ApiToken.objects.count() == 1  # only the caller's own


def test_the_list_shows_only_your_own_tokens(db):
    alice, bob = factories.make_user(), factories.make_user()
    alices_key = factories.token_for(alice)
    tokens.create_token(alice, name="scanner")
    tokens.create_token(bob, name="bob's")
    listed = with_key(alices_key).get(TOKENS_URL).json()
    assert listed["count"] == 2
    assert {t["name"] for t in listed["results"]} == {"", "scanner"}
    assert all(set(t) == {"id", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at", "active"}
               for t in listed["results"])


def test_revoking_your_token_stops_it_at_once(event):
    user = factories.make_member(event, "viewer")
    client = with_key(factories.token_for(user))
    token, key = tokens.create_token(user, name="old laptop")
    assert with_key(key).get(f"/api/v1/events/{event.slug}/").status_code == 200
    assert client.delete(f"{TOKENS_URL}{token.pk}/").status_code == 204
    refused = with_key(key).get(f"/api/v1/events/{event.slug}/")
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Token revoked.", "code": "authentication_failed"}
    listed = {t["id"]: t for t in client.get(TOKENS_URL).json()["results"]}
    assert listed[token.pk]["revoked_at"] is not None and listed[token.pk]["active"] is False


def test_other_users_tokens_answer_404_like_missing_ones(db):
    alice, bob = factories.make_user(), factories.make_user()
    bobs_token, bobs_key = tokens.create_token(bob)
    client = with_key(factories.token_for(alice))
    other = client.delete(f"{TOKENS_URL}{bobs_token.pk}/")
    missing = client.delete(f"{TOKENS_URL}999999/")
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json() == {"detail": "Not found.", "code": "not_found"}
    assert ApiToken.objects.get(pk=bobs_token.pk).revoked_at is None
    assert with_key(bobs_key).get(TOKENS_URL).status_code == 200


def test_an_expired_token_is_refused(event):
    user = factories.make_member(event, "viewer")
    token, key = tokens.create_token(user, days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    refused = with_key(key).get(f"/api/v1/events/{event.slug}/")
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Token expired.", "code": "authentication_failed"}
    assert refused["WWW-Authenticate"] == "Token"


def test_an_unknown_or_malformed_key_is_refused(db):
    for key in ("lia_" + "A" * 43, "0123456789abcdef0123456789abcdef01234567", "not:a:key"):
        refused = with_key(key).get(TOKENS_URL)
        assert refused.status_code == 401 and refused.json()["detail"] == "Invalid token."


def test_an_inactive_users_token_is_refused(db):
    user = factories.make_user()
    key = factories.token_for(user)
    user.is_active = False
    user.save()
    refused = with_key(key).get(TOKENS_URL)
    assert refused.status_code == 401 and refused.json()["detail"] == "User inactive or deleted."


def test_last_use_is_recorded_but_not_on_every_request(db):
    user = factories.make_user()
    token, key = tokens.create_token(user)
    client = with_key(key)
    assert client.get(TOKENS_URL).status_code == 200
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    client.get(TOKENS_URL)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - tokens.LAST_USED_RESOLUTION)
    client.get(TOKENS_URL)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first


def test_the_management_command_prints_the_key_once(event):
    user = factories.make_member(event, "viewer", username="gate-three")
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", "gate-three", "--name", "gate 3", "--days", "10", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user=user)
    assert (token.name, token.prefix, token.digest) == ("gate 3", key[:12], tokens.digest_of(key))
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=10))) < datetime.timedelta(minutes=1)
    assert key not in err.getvalue() and token.prefix in err.getvalue()
    assert with_key(key).get(f"/api/v1/events/{event.slug}/").status_code == 200
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("create_api_token", "nobody", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="--days"):
        call_command("create_api_token", "gate-three", "--days", "0", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_old_plain_text_keys_become_hashed_tokens_and_their_table_goes():
    """The data migration: clients holding a rest_framework.authtoken key keep working."""
    event = factories.make_event()
    user = factories.make_member(event, "viewer")
    legacy_key = "0123456789abcdef0123456789abcdef01234567"
    MigrationExecutor(connection).migrate([("accounts", "0001_auth_api_tokens")])
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp, user_id bigint)")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", [legacy_key, timezone.now(), user.pk])
        cursor.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('authtoken', '0001_initial', %s)",
                       [timezone.now()])
    MigrationExecutor(connection).migrate([("accounts", "0002_auth_hash_legacy_tokens")])
    assert "authtoken_token" not in connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations WHERE app = 'authtoken'")
        assert cursor.fetchone() == (0,)
    token = ApiToken.objects.get(user=user)
    assert (token.digest, token.prefix, token.expires_at) == (tokens.digest_of(legacy_key), legacy_key[:12], None)
    assert with_key(legacy_key).get(f"/api/v1/events/{event.slug}/").status_code == 200
