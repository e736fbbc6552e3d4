"""Checkpoints and zone policies (API), the desk pages (server side), the admin, the demo seed."""
import pytest
from django.test import Client

from checkin.domain.summary import guest_summary
from checkin.models import Checkpoint, ZonePolicy
from events.models import Guest
from tests import factories
from tests.checkin.conftest import code_of, make_checkpoint, make_zone, nonce

pytestmark = pytest.mark.django_db


# --- Checkpoints API -----------------------------------------------------------------------------
def test_create_and_list_checkpoints(as_role, event, zones, django_assert_max_num_queries):
    manager = as_role("manager")
    url = f"/api/v1/events/{event.slug}/checkin/checkpoints/"
    response = manager.post(url, {"name": {"en": "East gate", "zh-hans": "东门"}, "zones": [zones["plenary"].pk,
                                  zones["press"].pk], "direction": "both"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["zones"] == [zones["plenary"].pk, zones["press"].pk]
    for i in range(5):
        make_checkpoint(event, [zones["lounge"]], name={"en": f"Door {i}"})
    with django_assert_max_num_queries(8):
        listing = manager.get(url).json()
    assert listing["count"] == 6
    # Guards can read the gates (to pick one), not change them.
    guard = as_role("checkin")
    assert guard.get(url).status_code == 200
    assert guard.post(url, {"name": {"en": "x"}, "zones": [zones["plenary"].pk]}, format="json").status_code == 403


def test_a_checkpoint_cannot_open_another_events_zone(as_role, event, other_event):
    foreign = make_zone(other_event, "SECRET")
    response = as_role("manager").post(f"/api/v1/events/{event.slug}/checkin/checkpoints/",
                                       {"name": {"en": "Gate"}, "zones": [foreign.pk]}, format="json")
    assert response.status_code == 400 and "zones" in response.json() and "SECRET" not in response.content.decode()


@pytest.mark.parametrize("body, field", [
    ({"name": {"en": "Gate"}, "zones": []}, "zones"),
    ({"name": {"xx": "Gate"}, "zones": None}, "name"),
    ({"name": {"en": "G" * 201}, "zones": None}, "name"),
    ({"name": {"en": "Gate\x00"}, "zones": None}, "name"),
    ({"name": {"en": "Gate"}, "zones": None, "direction": "up"}, "direction"),
])
def test_bad_checkpoints_are_400s_naming_the_field(as_role, event, zones, body, field):
    if body["zones"] is None:
        body["zones"] = [zones["plenary"].pk]
    response = as_role("manager").post(f"/api/v1/events/{event.slug}/checkin/checkpoints/", body, format="json")
    assert response.status_code == 400 and field in response.json()


def test_a_checkpoint_with_scans_is_closed_not_deleted(as_role, post_scan, event, badge, gate):
    post_scan(code_of(badge), gate)
    manager = as_role("manager")
    url = f"/api/v1/events/{event.slug}/checkin/checkpoints/{gate.pk}/"
    assert manager.delete(url).status_code == 409
    assert manager.patch(url, {"is_active": False}, format="json").json()["is_active"] is False
    unused = make_checkpoint(event, [badge.zones.first()])
    assert manager.delete(f"/api/v1/events/{event.slug}/checkin/checkpoints/{unused.pk}/").status_code == 204


def test_other_events_checkpoints_are_not_found(as_role, event, other_event):
    foreign = make_checkpoint(other_event, [make_zone(other_event, "X")])
    assert as_role("manager").get(f"/api/v1/events/{event.slug}/checkin/checkpoints/{foreign.pk}/").status_code == 404


def test_zone_policies(as_role, event, zones, other_event):
    manager = as_role("manager")
    url = f"/api/v1/events/{event.slug}/checkin/zones/"
    listing = manager.get(url).json()
    assert [(z["code"], z["reentry"]) for z in listing] == [("PLENARY", "single"), ("LOUNGE", "unlimited"),
                                                            ("PRESS", "unlimited")]
    response = manager.patch(f"{url}{zones['press'].pk}/", {"reentry": "single"}, format="json")
    assert response.status_code == 200 and response.json()["reentry"] == "single"
    assert ZonePolicy.objects.get(zone=zones["press"]).reentry == "single"
    assert manager.patch(f"{url}{zones['press'].pk}/", {"reentry": "twice"}, format="json").status_code == 400
    foreign = make_zone(other_event, "X")
    assert manager.patch(f"{url}{foreign.pk}/", {"reentry": "single"}, format="json").status_code == 404
    assert as_role("checkin").patch(f"{url}{zones['press'].pk}/", {"reentry": "unlimited"}, format="json").status_code == 403


# --- Guest photo ---------------------------------------------------------------------------------
def test_the_scan_summary_links_the_photo_for_the_guard(as_role, event, badge):
    from django.core.files.base import ContentFile

    from tests.checkin.test_desk_browser import portrait_jpeg

    badge.guest.photo.save("p.jpg", ContentFile(portrait_jpeg()), save=True)
    guard = as_role("checkin")
    url = guest_summary(Guest.objects.get(pk=badge.guest_id))["photo_url"]
    assert url.startswith("/photos/guest-photos/") and url.endswith(".jpg")
    response = guard.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


# --- Desk pages ----------------------------------------------------------------------------------
def browser_for(event, role):
    user = factories.make_member(event, role)
    client = Client()
    client.force_login(user)
    return client


def test_desk_needs_a_login(client):
    response = client.get("/desk/")
    assert response.status_code == 302 and response["Location"].startswith("/desk/login/?next=/desk/")
    assert "安检签到" in client.get("/desk/login/").content.decode()


def test_login_form_logs_a_guard_in(client, event):
    factories.make_member(event, "checkin", user=factories.make_user("guard7"))
    response = client.post("/desk/login/", {"username": "guard7", "password": "pw-guard7"})
    assert response.status_code == 302 and response["Location"] == "/desk/"
    bad = Client().post("/desk/login/", {"username": "guard7", "password": "nope"})
    assert bad.status_code == 200 and "用户名或密码不正确" in bad.content.decode()


def test_desk_lists_only_events_with_the_checkin_right(event, other_event, gate):
    guard = browser_for(event, "checkin")
    page = guard.get("/desk/").content.decode()
    assert "测试论坛" in page and f"/desk/{event.slug}/" in page
    assert other_event.slug not in page
    gates = guard.get(f"/desk/{event.slug}/").content.decode()
    assert "北门" in gates and "North gate" in gates and f"/desk/{event.slug}/{gate.pk}/" in gates


def test_desk_scan_page(event, gate):
    page = browser_for(event, "checkin").get(f"/desk/{event.slug}/{gate.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="csrf-token"' in html and 'id="scan-input"' in html and "autofocus" in html
    assert f'data-scan-url="/api/v1/events/{event.slug}/checkin/scan/"' in html
    assert 'name="viewport"' in html and "扫描证件二维码" in html and "Scan the badge" in html


def test_every_desk_page_lets_only_its_own_script_run(event, gate):
    guard = browser_for(event, "checkin")
    for url in ("/desk/login/", "/desk/", f"/desk/{event.slug}/", f"/desk/{event.slug}/{gate.pk}/"):
        policy = guard.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "connect-src 'self'" in policy


def test_desk_pages_refuse_other_roles_and_events(event, other_event, gate):
    assert browser_for(event, "viewer").get(f"/desk/{event.slug}/").status_code == 403
    assert browser_for(event, "viewer").get(f"/desk/{event.slug}/{gate.pk}/").status_code == 403
    outsider = browser_for(other_event, "checkin")
    assert outsider.get(f"/desk/{event.slug}/").status_code == 404
    assert outsider.get(f"/desk/{event.slug}/{gate.pk}/").status_code == 404
    foreign_gate = make_checkpoint(other_event, [make_zone(other_event, "X")])
    assert browser_for(event, "checkin").get(f"/desk/{event.slug}/{foreign_gate.pk}/").status_code == 404


def test_the_desk_scans_with_its_session_and_csrf_token(event, badge, gate):
    guard = Client(enforce_csrf_checks=True)
    guard.force_login(factories.make_member(event, "checkin"))
    page = guard.get(f"/desk/{event.slug}/{gate.pk}/").content.decode()
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    url = f"/api/v1/events/{event.slug}/checkin/scan/"
    body = {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": nonce()}
    assert guard.post(url, body, content_type="application/json").status_code == 403  # no token: refused
    response = guard.post(url, body, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201 and response.json()["result"] == "ok"


# --- Admin and demo ------------------------------------------------------------------------------
def test_admin_pages_render(event, badge, gate, post_scan):
    post_scan(code_of(badge), gate)
    admin = Client()
    admin.force_login(factories.make_user(is_superuser=True, is_staff=True))
    for path in ("checkpoint", "zonepolicy", "scan", "zonepresence"):
        assert admin.get(f"/admin/checkin/{path}/").status_code == 200, path
    assert admin.get(f"/admin/checkin/checkpoint/{gate.pk}/change/").status_code == 200


def test_demo_seed_is_idempotent_and_needs_the_zones():
    from checkin import demo
    from events import demo as events_demo

    events_demo.seed()
    assert demo.seed() == []  # no zones yet: nothing to do
    from events.models import Event

    forum = Event.objects.get(slug=demo.FORUM)
    make_zone(forum, "PLENARY", {"en": "Plenary hall", "zh-hans": "全体会议厅", "ru": "Пленарный зал"})
    make_zone(forum, "VIP", {"en": "VIP lounge", "zh-hans": "贵宾室"})
    gates = demo.seed()
    assert [g.name["en"] for g in gates] == ["Plenary hall gate", "VIP lounge gate", "Main exit"]
    assert demo.seed() == gates and Checkpoint.objects.filter(event=forum).count() == 3
    assert ZonePolicy.objects.get(zone__code="PLENARY", zone__event=forum).reentry == "single"
    assert not ZonePolicy.objects.filter(zone__code="VIP").exists()
