"""Cancelling, rejecting or deleting a guest puts their badge on the revocation list that offline
desks sync (…/checkin/keys/?since=), so a printed badge of a refused guest is refused offline too."""
import datetime

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import RequestFactory
from django.utils import timezone

from badges.models import Badge, RevocationEntry
from events.models import Guest
from tests import factories
from tests.checkin.conftest import code_of, make_badge, nonce
from tests.checkin.test_desk_browser import browser_page, desk  # noqa: F401 - fixtures of the browser test

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(scanner, event):
    def get(since):
        response = scanner.get(f"/api/v1/events/{event.slug}/checkin/keys/", {"since": since})
        assert response.status_code == 200, response.content
        return response.json()

    return get


@pytest.fixture
def upload_one(scanner, event):
    def post(code, gate, when, local_result="revoked"):
        body = {"scans": [{"qr": code, "checkpoint": gate.pk, "nonce": nonce(), "scanned_at": when.isoformat(),
                           "local_result": local_result}]}
        response = scanner.post(f"/api/v1/events/{event.slug}/checkin/upload/", body, format="json")
        assert response.status_code == 200, response.content
        return response.json()["scans"][0]

    return post


def revoked_entries(body):
    return [(e["badge_id"], e["version"], e["kind"]) for e in body["revocations"]]


def test_cancelling_a_guest_lists_their_badge_as_revoked_from_the_cursor_on(as_role, keys, upload_one, event, badge,
                                                                             gate):
    other = make_badge(event, list(gate.zones.all()))
    code = code_of(badge)
    before = keys(0)
    assert before["revocations"] == [] and before["cursor"] == 0

    response = as_role("protocol").post(f"/api/v1/events/{event.slug}/guests/{badge.guest_id}/cancel/")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"

    after = keys(before["cursor"])
    assert revoked_entries(after) == [(badge.pk, 1, "revoked")]
    assert after["cursor"] == after["revocations"][0]["cursor"] > 0
    assert keys(after["cursor"])["revocations"] == []  # nothing new since
    badge.refresh_from_db()
    assert (badge.status, badge.revoked_reason) == ("revoked", "Guest cancelled")
    other.refresh_from_db()
    assert other.status == "active"

    report = upload_one(code, gate, timezone.now())
    assert (report["status"], report["result"], report["conflict"]) == ("recorded", "revoked", False)
    # A scan made before the cancellation was let in offline rightly: accepted, flagged.
    earlier = upload_one(code, gate, timezone.now() - datetime.timedelta(minutes=5), local_result="ok")
    assert (earlier["result"], earlier["flags"]) == ("ok", ["revoked_after_scan", "cancelled_after_scan"])


def test_rejecting_a_guest_with_a_badge_revokes_it(as_role, keys, upload_one, event, badge, gate):
    # A badge printed while the guest was approved, whose record was then sent back for review.
    Guest.objects.filter(pk=badge.guest_id).update(status="registered")
    code = code_of(badge)
    cursor = keys(0)["cursor"]

    response = as_role("protocol").post(f"/api/v1/events/{event.slug}/guests/{badge.guest_id}/reject/")
    assert response.status_code == 200 and response.json()["status"] == "rejected"

    assert revoked_entries(keys(cursor)) == [(badge.pk, 1, "revoked")]
    assert upload_one(code, gate, timezone.now())["result"] == "revoked"
    # Cancelling the rejected guest later adds nothing: the badge is revoked already.
    as_role("protocol").post(f"/api/v1/events/{event.slug}/guests/{badge.guest_id}/cancel/")
    assert RevocationEntry.objects.filter(badge_id=badge.pk).count() == 1


def test_deleting_a_guest_keeps_their_badge_on_the_revocation_list(as_role, keys, upload_one, event, badge, gate):
    code, badge_id = code_of(badge), badge.pk
    cursor = keys(0)["cursor"]

    response = as_role("manager").delete(f"/api/v1/events/{event.slug}/guests/{badge.guest_id}/")
    assert response.status_code == 204

    assert not Guest.objects.filter(pk=badge.guest_id).exists() and not Badge.objects.filter(pk=badge_id).exists()
    after = keys(cursor)
    assert revoked_entries(after) == [(badge_id, 1, "revoked")]
    assert keys(0)["revocations"] == after["revocations"]  # a desk syncing from scratch learns it too
    report = upload_one(code, gate, timezone.now())
    assert (report["status"], report["result"]) == ("recorded", "invalid")  # refused: no such badge any more


def test_a_reprinted_badge_of_a_cancelled_guest_lists_every_version(as_role, keys, event, badge):
    from badges.domain.issuing import reprint_badge

    reprint_badge(badge)  # v1 superseded
    as_role("protocol").post(f"/api/v1/events/{event.slug}/guests/{badge.guest_id}/cancel/")
    assert revoked_entries(keys(0)) == [(badge.pk, 1, "superseded"), (badge.pk, 2, "revoked")]


def test_the_badge_of_a_cancelled_guest_cannot_be_reprinted_back_to_life(as_role, keys, event, badge):
    as_role("protocol").post(f"/api/v1/events/{event.slug}/guests/{badge.guest_id}/cancel/")
    listed = keys(0)
    response = as_role("protocol").post(f"/api/v1/events/{event.slug}/badges/{badge.pk}/reprint/", {}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": "The guest is cancelled; only approved guests' badges are reprinted.",
                               "code": "guest_not_approved"}
    badge.refresh_from_db()
    assert (badge.version, badge.status) == (1, "revoked")
    assert keys(0)["revocations"] == listed["revocations"] == [{**listed["revocations"][0], "version": 1}]


def test_admin_bulk_cancel_and_delete_revoke_badges(event, gate, keys):
    zones = list(gate.zones.all())
    cancelled, deleted, kept = (make_badge(event, zones) for _ in range(3))
    request = RequestFactory().post("/admin/events/guest/")
    request.user = factories.make_user(is_superuser=True, is_staff=True)
    request._messages = type("Messages", (), {"add": lambda *args, **kwargs: None})()
    guest_admin = admin_site._registry[Guest]

    guest_admin.cancel_selected(request, Guest.objects.filter(pk=cancelled.guest_id))
    guest_admin.delete_queryset(request, Guest.objects.filter(pk=deleted.guest_id))

    assert sorted(revoked_entries(keys(0))) == sorted([(cancelled.pk, 1, "revoked"), (deleted.pk, 1, "revoked")])
    kept.refresh_from_db()
    assert kept.status == "active"


def test_a_badge_deleted_in_the_admin_stays_on_the_revocation_list(client, event, badge, keys):
    client.force_login(factories.make_member(event, "protocol", is_staff=True))
    response = client.post(f"/admin/badges/badge/{badge.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Badge.objects.filter(pk=badge.pk).exists()
    assert revoked_entries(keys(0)) == [(badge.pk, 1, "revoked")]


def test_an_owner_deletes_an_event_with_badges_in_the_admin(client, event, badge):
    client.force_login(factories.make_member(event, "owner", is_staff=True))
    assert client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Badge.objects.exists() and not RevocationEntry.objects.exists()


def test_deleting_the_event_takes_its_revocation_list_along(as_role, event, badge):
    as_role("protocol").post(f"/api/v1/events/{event.slug}/guests/{badge.guest_id}/cancel/")
    assert RevocationEntry.objects.filter(event=event).count() == 1
    event.delete()
    assert not RevocationEntry.objects.exists()


# --- The desk in a real browser --------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_offline_desk_refuses_the_badge_of_a_guest_cancelled_since_its_last_sync(browser_page, desk):
    from badges.domain.issuing import revoke_badge
    from checkin.models import Scan
    from events.domain.guest_status import apply_transition
    from tests.checkin.test_desk_browser import login, wait_until

    page, base, event, badge = browser_page, desk["url"], desk["event"], desk["badge"]
    lost = make_badge(event, list(badge.zones.all()), family_name="LOST")
    revoke_badge(lost, reason="reported lost")  # so that the desk's cursor is past 0 before the cancellation
    first_cursor = RevocationEntry.objects.get().pk
    stored = f"JSON.parse(localStorage.getItem('liaison-desk-keys:{event.slug}') || 'null')"
    key_syncs = []
    page.on("request", lambda request: key_syncs.append(request.url) if "/checkin/keys/" in request.url else None)

    login(page, base)
    page.goto(f"{base}/desk/{event.slug}/{desk['gate'].pk}/")
    wait_until(page, f"({stored} || {{}}).cursor === {first_cursor}")
    assert page.evaluate(f"{stored}.revoked") == {str(lost.pk): 1}

    apply_transition(badge.guest, "cancel")
    page.evaluate("window.dispatchEvent(new Event('online'))")  # the desk syncs its keys when back online
    wait_until(page, f"{stored}.revoked['{badge.pk}'] === 1")
    assert key_syncs[-1].endswith(f"/checkin/keys/?since={first_cursor}")  # only what is new since its cursor

    page.route("**/checkin/scan/", lambda route: route.abort("internetdisconnected"))
    page.keyboard.type(desk["code"])
    page.keyboard.press("Enter")
    page.wait_for_selector("#result[data-result='revoked'][data-offline='true']")
    assert page.inner_text("#verdict-zh") == "证件已注销"
    assert not Scan.objects.exists()

    # Back online, the server agrees with the desk.
    page.unroute("**/checkin/scan/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("#net-status.online")
    scan = Scan.objects.get()
    assert (scan.result, scan.offline, scan.badge_id, scan.response["flags"]) == ("revoked", True, badge.pk, [])
