import pytest
from django.core.files.base import ContentFile

from audit.models import AuditEntry
from badges.domain.validity import verify_badge_code
from badges.models import Badge, BadgeBatch, BadgeTemplate, RevocationEntry
from tests import factories
from tests.badges.conftest import jpeg_bytes
from tests.badges.test_qr_and_state import DURING
from tests.badges.test_qr_sheet import decode_sheet
from tests.helpers.pdf import extract_text

pytestmark = pytest.mark.django_db


def url(event, path):
    return f"/api/v1/events/{event.slug}/{path}"


@pytest.fixture
def protocol(as_role):
    return as_role("protocol")


# --- zones ----------------------------------------------------------------------------------------
def test_zone_crud_and_errors(event, protocol, as_role):
    response = protocol.post(url(event, "zones/"), {"code": "PLENARY", "name": {"en": "Plenary hall", "zh-hans": "全体会议厅"},
                                                     "colour": "#1F5FAD", "default_categories": ["delegate"]})
    assert response.status_code == 201, response.json()
    zone = response.json()
    assert zone["bit"] == 0
    assert protocol.post(url(event, "zones/"), {"code": "PLENARY", "name": {"en": "x"}}).json()["code"] == [
        "This event already has a zone PLENARY."]
    bad = protocol.post(url(event, "zones/"), {"code": "vip lounge", "name": {"xx": "x"}, "colour": "gold",
                                               "default_categories": ["king"]}).json()
    assert set(bad) == {"code", "name", "colour", "default_categories"}
    assert as_role("registration").post(url(event, "zones/"), {"code": "X", "name": {"en": "x"}}).status_code == 403
    assert as_role("viewer").get(url(event, "zones/")).status_code == 200
    assert protocol.patch(url(event, f"zones/{zone['id']}/"), {"colour": "#000000"}).json()["colour"] == "#000000"
    assert protocol.delete(url(event, f"zones/{zone['id']}/")).status_code == 204


def test_at_most_32_zones(event, protocol):
    for i in range(32):
        factories.AccessZoneFactory(event=event, code=f"Z{i}", name={"en": f"Zone {i}"})
    response = protocol.post(url(event, "zones/"), {"code": "ONEMORE", "name": {"en": "x"}})
    assert response.status_code == 400 and "at most 32" in response.json()["code"][0]


def test_a_zone_on_badges_cannot_be_deleted(event, protocol, zones):
    guest = factories.make_guest(event)
    protocol.post(url(event, "badges/"), {"guests": [guest.pk]})
    all_zone = next(z for z in zones if z.code == "ALL")
    response = protocol.delete(url(event, f"zones/{all_zone.pk}/"))
    assert response.status_code == 409 and response.json()["code"] == "zone_in_use"


# --- templates ------------------------------------------------------------------------------------
def test_template_create_with_defaults_and_validation(event, protocol):
    response = protocol.post(url(event, "badge-templates/"), {"name": "A6 portrait", "size": "a6", "orientation": "portrait"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["front_layout"] and body["category_styles"]["minister"]["label"] == "VIP"
    unknown = protocol.post(url(event, "badge-templates/"), {"name": "Broken", "front_layout": [
        {"field": "passport_number", "x": 1, "y": 1, "w": 10, "h": 5}]})
    assert unknown.status_code == 400
    assert "unknown field 'passport_number'" in unknown.json()["front_layout"][0]
    outside = protocol.post(url(event, "badge-templates/"), {"name": "Broken", "size": "id1", "orientation": "landscape",
                                                             "front_layout": [{"field": "qr", "x": 70, "y": 40, "w": 20, "h": 20}]})
    assert outside.status_code == 400 and "reaches outside the badge" in outside.json()["front_layout"][0]
    custom = protocol.post(url(event, "badge-templates/"), {"name": "Custom", "size": "custom"})
    assert custom.status_code == 400 and "width_mm" in custom.json()
    huge = protocol.post(url(event, "badge-templates/"), {"name": "Huge", "size": "custom", "width_mm": 280, "height_mm": 290})
    assert huge.status_code == 400 and "A4" in str(huge.json())
    bleed = protocol.post(url(event, "badge-templates/"), {"name": "Bleed", "bleed_mm": 3, "gutter_mm": 2})
    assert bleed.status_code == 400 and "gutter_mm" in bleed.json()
    styles = protocol.post(url(event, "badge-templates/"), {"name": "Styles", "category_styles": {"king": {"colour": "#000000"}}})
    assert styles.status_code == 400 and "king" in styles.json()["category_styles"][0]
    assert protocol.post(url(event, "badge-templates/"), {"name": "A6 portrait"}).status_code == 400  # duplicate name


def test_template_patch_validates_against_the_stored_size(event, protocol, template):
    response = protocol.patch(url(event, f"badge-templates/{template.pk}/"), {"orientation": "portrait"}, format="json")
    assert response.status_code == 400  # the landscape layout does not fit a portrait card
    assert "reaches outside the badge" in str(response.json())
    response = protocol.patch(url(event, f"badge-templates/{template.pk}/"), {"back_layout": [
        {"field": "zones", "x": 2, "y": 2, "w": 60, "h": 10, "size": 10}]}, format="json")
    assert response.status_code == 200 and response.json()["back_layout"][0]["max_lines"] == 1


def test_template_logo_upload_validated(event, protocol, template):
    response = protocol.patch(url(event, f"badge-templates/{template.pk}/"),
                              {"logo": ContentFile(b"<svg/>", name="logo.png")}, format="multipart")
    assert response.status_code == 400 and "logo" in response.json()
    response = protocol.patch(url(event, f"badge-templates/{template.pk}/"),
                              {"logo": ContentFile(jpeg_bytes(size=(200, 200)), name="logo.jpg")}, format="multipart")
    assert response.status_code == 200
    guest = factories.make_guest(event)
    badge_id = protocol.post(url(event, "badges/"), {"guests": [guest.pk]}, format="json").json()["badges"][0]["id"]
    pdf = protocol.get(url(event, f"badges/{badge_id}/preview/pdf/")).content
    assert pdf.count(b"/Subtype /Image") == 1  # the logo (the guest has no photo)


def test_template_in_use_cannot_be_deleted(event, protocol, template, django_capture_on_commit_callbacks):
    guest = factories.make_guest(event)
    with django_capture_on_commit_callbacks(execute=True):
        protocol.post(url(event, "badge-batches/"), {"template": template.pk, "selection": {"guest_ids": [guest.pk]}},
                      format="json")
    response = protocol.delete(url(event, f"badge-templates/{template.pk}/"))
    assert response.status_code == 409 and response.json()["code"] == "template_in_use"


# --- badges ---------------------------------------------------------------------------------------
def test_issue_list_reprint_revoke(event, protocol, zones, as_role, django_assert_max_num_queries):
    guests = [factories.make_guest(event, category=c) for c in ("minister", "media", "delegate")]
    response = protocol.post(url(event, "badges/"), {"guests": [g.pk for g in guests]}, format="json")
    assert response.status_code == 201 and response.json()["created"] == 3
    again = protocol.post(url(event, "badges/"), {"guests": [guests[0].pk]}, format="json")
    assert again.status_code == 200 and again.json()["created"] == 0  # idempotent
    badges = {b["guest"]["id"]: b for b in response.json()["badges"]}
    assert badges[guests[0].pk]["zones"] == ["ALL", "PLENARY", "VIP"]
    assert badges[guests[1].pk]["zones"] == ["ALL", "PRESS"]

    for _ in range(10):
        factories.make_guest(event)
    protocol.post(url(event, "badges/"), {"all_approved": True}, format="json")
    viewer = as_role("viewer")
    with django_assert_max_num_queries(6):
        listing = viewer.get(url(event, "badges/"))
    assert listing.status_code == 200 and listing.json()["count"] == 13
    assert "passport" not in str(listing.json()).lower()

    badge_id = badges[guests[2].pk]["id"]
    reprinted = protocol.post(url(event, f"badges/{badge_id}/reprint/"), {"reason": "lost", "zones": [zones[3].pk]},
                              format="json")
    assert reprinted.status_code == 200 and reprinted.json()["version"] == 2 and reprinted.json()["zones"] == ["PRESS"]
    revoked = protocol.post(url(event, f"badges/{badge_id}/revoke/"), {"reason": "stolen"}, format="json")
    assert revoked.json()["status"] == "revoked" and revoked.json()["revoked_reason"] == "stolen"
    assert protocol.post(url(event, f"badges/{badge_id}/revoke/"), {}, format="json").status_code == 409
    assert list(RevocationEntry.objects.filter(badge_id=badge_id).values_list("version", "kind")) == [
        (1, "superseded"), (2, "revoked")]
    assert protocol.get(url(event, "badges/"), {"status": "revoked"}).json()["count"] == 1


def test_issue_errors(event, other_event, protocol, as_role):
    registered = factories.make_guest(event, status="registered")
    stranger = factories.make_guest(other_event)
    response = protocol.post(url(event, "badges/"), {"guests": [registered.pk]}, format="json")
    assert response.status_code == 400 and "registered" in response.json()["guests"][0]
    response = protocol.post(url(event, "badges/"), {"guests": [stranger.pk]}, format="json")
    assert response.status_code == 400 and "Not found" in response.json()["guests"][0]
    assert protocol.post(url(event, "badges/"), {}, format="json").status_code == 400
    assert protocol.post(url(event, "badges/"), {"guests": ["x"]}, format="json").status_code == 400
    assert protocol.post(url(event, "badges/"), {"guests": [10**30]}, format="json").status_code == 400
    assert protocol.post(url(event, "badges/"), {"guests": [1] * 5001}, format="json").status_code == 400
    assert protocol.post(url(event, "badges/"), {"all_approved": True}, format="json").status_code == 400  # nobody approved
    assert as_role("registration").post(url(event, "badges/"), {"all_approved": True}, format="json").status_code == 403
    assert as_role("checkin").get(url(event, "badges/")).status_code == 403
    assert as_role("protocol", other_event).get(url(event, "badges/")).status_code == 404
    assert not Badge.objects.exists()


def test_other_events_badges_are_not_found(event, other_event, protocol, as_role):
    guest = factories.make_guest(other_event)
    other_client = as_role("protocol", other_event)
    badge_id = other_client.post(url(other_event, "badges/"), {"guests": [guest.pk]}, format="json").json()["badges"][0]["id"]
    for path in (f"badges/{badge_id}/", f"badges/{badge_id}/preview/pdf/", "badges/abc/", "badges/99999999999999999999/",
                 "badge-batches/abc/download/", "badge-batches/abc/", "zones/abc/", "badge-templates/%00/"):
        assert protocol.get(url(event, path)).status_code == 404, path
    assert protocol.post(url(event, f"badges/{badge_id}/revoke/"), {}, format="json").status_code == 404


def test_reprint_validation(event, protocol, other_event):
    guest = factories.make_guest(event)
    badge_id = protocol.post(url(event, "badges/"), {"guests": [guest.pk]}, format="json").json()["badges"][0]["id"]
    foreign_zone = factories.AccessZoneFactory(event=other_event, code="X", name={"en": "x"})
    response = protocol.post(url(event, f"badges/{badge_id}/reprint/"), {"zones": [foreign_zone.pk]}, format="json")
    assert response.status_code == 400 and "zones" in response.json()
    response = protocol.post(url(event, f"badges/{badge_id}/reprint/"), {"valid_from": "2023-11-01T10:00:00"}, format="json")
    assert response.status_code == 400 and "offset" in response.json()["valid_from"][0]
    response = protocol.post(url(event, f"badges/{badge_id}/reprint/"),
                             {"valid_from": "2023-11-02T10:00:00+08:00", "valid_until": "2023-11-01T10:00:00+08:00"}, format="json")
    assert response.status_code == 400 and "valid_until" in response.json()
    response = protocol.post(url(event, f"badges/{badge_id}/reprint/"), {"reason": "x\x00"}, format="json")
    assert response.status_code == 400
    assert Badge.objects.get(pk=badge_id).version == 1  # nothing half-done


def test_previews(event, protocol, zones, template, as_role):
    guest = factories.make_guest(event, native_name="محمد عبد الرحمن", family_name="ABDELRAHMAN", given_name="Mohamed")
    badge_id = protocol.post(url(event, "badges/"), {"guests": [guest.pk]}, format="json").json()["badges"][0]["id"]
    pdf = protocol.get(url(event, f"badges/{badge_id}/preview/pdf/"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    body = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert "محمد عبد الرحمن" in extract_text(body)
    [code] = decode_sheet(body, dpi=300)
    assert verify_badge_code(event, code, now=DURING)[0].pk == badge_id
    png = protocol.get(url(event, f"badges/{badge_id}/preview/png/"), {"dpi": 150})
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert protocol.get(url(event, f"badges/{badge_id}/preview/png/"), {"dpi": "9000"}).status_code == 400
    assert protocol.get(url(event, f"badges/{badge_id}/preview/pdf/"), {"template": "abc"}).status_code == 400
    assert protocol.get(url(event, f"badges/{badge_id}/preview/pdf/"), {"template": "999999"}).status_code == 400
    assert as_role("viewer").get(url(event, f"badges/{badge_id}/preview/pdf/")).status_code == 403


def test_preview_of_unprintable_badge_says_why(event, protocol, zones):
    guest = factories.make_guest(event, native_name="\U00013000")
    badge_id = protocol.post(url(event, "badges/"), {"guests": [guest.pk]}, format="json").json()["badges"][0]["id"]
    response = protocol.get(url(event, f"badges/{badge_id}/preview/pdf/"))
    assert response.status_code == 422 and "U+13000" in response.json()["detail"]


def test_coverage_endpoint(event, protocol, zones, as_role):
    factories.make_guest(event, family_name="FINE")
    bad = factories.make_guest(event, family_name="HIERO", native_name="Ra \U00013000\U00013001", position="Scribe \ue000")
    factories.make_guest(event, native_name="\U00013000", status="registered")  # not approved: not checked
    response = as_role("viewer").get(url(event, "badges/coverage/"))
    assert response.status_code == 200
    body = response.json()
    assert body["checked"] == 2
    problems = {(p["guest_id"], p["field"]): p for p in body["problems"]}
    assert problems[(bad.pk, "native_name")]["codepoints"] == ["U+13000", "U+13001"]
    assert (bad.pk, "position") in problems  # a private-use character no font has


# --- batches --------------------------------------------------------------------------------------
def test_batch_prints_selection_and_reports_bad_guests(event, protocol, zones, django_capture_on_commit_callbacks):
    delegation = factories.DelegationFactory(event=event, name="Delegation of Kazakhstan", country="KZ")
    members = [factories.make_guest(event, delegation=delegation) for _ in range(3)]
    broken = factories.make_guest(event, delegation=delegation, family_name="BROKENPHOTO")
    broken.photo.save("broken.jpg", ContentFile(b"not a jpeg"), save=True)
    factories.make_guest(event)  # another delegation: not selected
    with django_capture_on_commit_callbacks(execute=True):
        response = protocol.post(url(event, "badge-batches/"), {"selection": {"delegation": delegation.pk}}, format="json")
    assert response.status_code == 202, response.json()
    batch_id = response.json()["id"]
    body = protocol.get(url(event, f"badge-batches/{batch_id}/")).json()
    assert body["status"] == "done" and body["progress"] == {"done": 3, "total": 4}
    assert [p["guest_id"] for p in body["problems"]] == [broken.pk]
    download = protocol.get(body["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    pdf = b"".join(download.streaming_content)
    text = extract_text(pdf)
    assert all(m.family_name in text for m in members) and "BROKENPHOTO" not in text
    assert Badge.objects.filter(printed_at__isnull=False).count() == 3
    assert len(decode_sheet(pdf)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        again = protocol.post(url(event, "badge-batches/"), {"selection": {"all": True, "not_printed": True}}, format="json")
    assert again.status_code == 202 and again.json()["total"] == 2  # the broken one and the other delegation's guest


def test_batch_selection_errors(event, other_event, protocol, as_role, django_capture_on_commit_callbacks):
    stranger = factories.make_guest(other_event)
    registered = factories.make_guest(event, status="registered")
    cases = [
        ({}, "selection"),
        ({"selection": {}}, "selection"),
        ({"selection": {"all": True}}, "selection"),  # nobody approved yet
        ({"selection": {"guest_ids": [stranger.pk]}}, "selection"),
        ({"selection": {"guest_ids": [registered.pk]}}, "selection"),
        ({"selection": {"categories": ["king"]}}, "selection"),
        ({"selection": {"delegation": 999999}}, "selection"),
        ({"selection": {"all": True}, "template": 999999}, "template"),
    ]
    for payload, field in cases:
        response = protocol.post(url(event, "badge-batches/"), payload, format="json")
        assert response.status_code == 400 and field in response.json(), (payload, response.json())
    assert not BadgeBatch.objects.exists()
    assert as_role("viewer").post(url(event, "badge-batches/"), {"selection": {"all": True}}, format="json").status_code == 403
    assert as_role("viewer").get(url(event, "badge-batches/")).status_code == 403


def test_batch_download_rights_and_states(event, other_event, protocol, as_role, django_capture_on_commit_callbacks,
                                          django_assert_max_num_queries):
    guest = factories.make_guest(event)
    with django_capture_on_commit_callbacks(execute=True):
        batch_id = protocol.post(url(event, "badge-batches/"), {"selection": {"guest_ids": [guest.pk]}}, format="json").json()["id"]
    assert as_role("viewer").get(url(event, f"badge-batches/{batch_id}/download/")).status_code == 403
    assert as_role("protocol", other_event).get(url(event, f"badge-batches/{batch_id}/download/")).status_code == 404
    assert as_role("protocol", other_event).get(url(other_event, f"badge-batches/{batch_id}/download/")).status_code == 404
    queued = factories.BadgeBatchFactory(event=event, template=BadgeBatch.objects.get().template, guest_ids=[guest.pk], total=1)
    assert protocol.get(url(event, f"badge-batches/{queued.pk}/download/")).status_code == 409
    assert protocol.post(url(event, f"badge-batches/{queued.pk}/retry/")).status_code == 409
    with django_assert_max_num_queries(6):
        assert protocol.get(url(event, "badge-batches/")).json()["count"] == 2


def test_failed_batch_says_why_and_can_be_retried(event, protocol, template, django_capture_on_commit_callbacks):
    guest = factories.make_guest(event)
    BadgeTemplate.objects.filter(pk=template.pk).update(front_layout=[{"field": "bogus", "x": 0, "y": 0, "w": 1, "h": 1}])
    with django_capture_on_commit_callbacks(execute=True):
        batch_id = protocol.post(url(event, "badge-batches/"), {"selection": {"guest_ids": [guest.pk]}}, format="json").json()["id"]
    body = protocol.get(url(event, f"badge-batches/{batch_id}/")).json()
    assert body["status"] == "failed" and "unknown field 'bogus'" in body["error"] and body["download_url"] is None
    BadgeTemplate.objects.filter(pk=template.pk).update(front_layout=[{"field": "name", "x": 2, "y": 2, "w": 60, "h": 10}])
    with django_capture_on_commit_callbacks(execute=True):
        assert protocol.post(url(event, f"badge-batches/{batch_id}/retry/")).status_code == 202
    body = protocol.get(url(event, f"badge-batches/{batch_id}/")).json()
    assert body["status"] == "done" and body["attempts"] == 2
    (retried,) = AuditEntry.objects.filter(action="batch.retried")
    assert (retried.object_id, retried.event_id, retried.actor_kind) == (batch_id, event.pk, "api_token")
    (failed,) = AuditEntry.objects.filter(action="batch.failed")
    (printed,) = AuditEntry.objects.filter(action="batch.printed")
    assert (failed.object_id, failed.actor_kind, printed.object_id, printed.actor_kind) == (batch_id, "task", batch_id, "task")
    assert printed.details == {"printed": 1, "problems": 0} and failed.id < retried.id < printed.id
