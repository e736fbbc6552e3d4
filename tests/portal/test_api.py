"""The portal's API: focal points named by the office, link safety, isolation, quota, deadline,
re-approval after an edit, bad input."""
import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AuditEntry
from correspondence.models import Message, MessageState
from events.domain.guest_status import approve_guest
from events.models import Guest, GuestStatus
from portal.models import DelegationPortal, FocalPoint, Nomination, PortalSession, SignInLink
from tests import factories
from tests.conftest import client_for
from tests.portal.world import delegation_with_focal_point, image_bytes, last_link, nominee, photo, signed_in_client, upload

pytestmark = pytest.mark.django_db


def test_the_office_names_a_focal_point_who_gets_a_link_by_mail(event):
    delegation = factories.DelegationFactory(event=event, quota=3)
    protocol = client_for(factories.make_member(event, "protocol"))
    url = f"/api/v1/events/{event.slug}/delegations/{delegation.pk}/focal-points/"
    response = protocol.post(url, {"name": "Anna Petrova", "email": "anna@embassy.example", "language": "fr"}, format="json")
    assert response.status_code == 201, response.content
    assert (response.data["language"], response.data["live_sessions"]) == ("fr", 0)
    message = Message.objects.get(recipient_email="anna@embassy.example")
    assert message.state == MessageState.QUEUED and message.guest_id is None and message.language == "fr"
    assert "/portal/sign-in/" in message.body_text and "Anna Petrova" in message.body_text
    link = SignInLink.objects.get()
    assert link.token_hash not in message.body_text and len(link.token_hash) == 64
    registration = client_for(factories.make_member(event, "registration"))
    refused = registration.post(url, {"name": "X", "email": "x@example.org"}, format="json")
    assert refused.status_code == 403 and "manage_delegations" in str(refused.data)
    other = factories.EventFactory()
    outsider = client_for(factories.make_member(other, "owner"))
    assert outsider.post(url, {"name": "X", "email": "x@example.org"}, format="json").status_code == 404
    listed = protocol.get(f"/api/v1/events/{event.slug}/focal-points/")
    assert [p["email"] for p in listed.data["results"]] == ["anna@embassy.example"]
    assert AuditEntry.objects.filter(action="portal.focal_point_created").exists()
    etag = protocol.get(f"/api/v1/events/{event.slug}/delegations/{delegation.pk}/")["ETag"]
    stale = protocol.post(url, {"name": "B", "email": "b@embassy.example"}, format="json", HTTP_IF_MATCH='"stale"')
    assert stale.status_code == 412 and not FocalPoint.objects.filter(email="b@embassy.example").exists()
    assert protocol.post(url, {"name": "B", "email": "b@embassy.example"}, format="json", HTTP_IF_MATCH=etag).status_code == 201


def test_a_scanner_opening_the_link_leaves_it_usable_and_it_works_once(event):
    _delegation, point = delegation_with_focal_point(event)
    token = last_link(point)
    scanner = APIClient()
    for _ in range(3):
        assert scanner.get(f"/api/v1/portal/sign-in/{token}/").data == {"state": "valid"}
        page = scanner.get(f"/portal/sign-in/{token}/")
        assert page.status_code == 200 and b"<form" in page.content
    assert SignInLink.objects.get().used_at is None and not PortalSession.objects.exists()
    person = APIClient()
    signed_in = person.post(f"/api/v1/portal/sign-in/{token}/")
    assert signed_in.status_code == 200 and "liaison_portal" in signed_in.cookies
    assert person.get("/api/v1/portal/").data["delegation"]["name"] == "Delegation A"
    again = APIClient().post(f"/api/v1/portal/sign-in/{token}/")
    assert (again.status_code, again.data["state"]) == (410, "used")
    assert APIClient().post("/api/v1/portal/sign-in/" + "A" * 43 + "/").data["state"] == "unknown"
    entry = AuditEntry.objects.get(action="portal.signed_in")
    assert (entry.actor_kind, entry.actor_id) == ("focal_point", str(point.pk))


def test_expired_links_and_revoked_sessions_do_not_sign_in(event, settings):
    _delegation, point = delegation_with_focal_point(event)
    token = last_link(point)
    SignInLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert APIClient().post(f"/api/v1/portal/sign-in/{token}/").data["state"] == "expired"
    page = APIClient().get(f"/portal/sign-in/{token}/")
    assert b"new link" in page.content
    protocol = client_for(factories.make_member(event, "protocol"))
    assert protocol.post(f"/api/v1/events/{event.slug}/focal-points/{point.pk}/resend/").status_code == 202
    client = signed_in_client(point)
    assert client.get("/api/v1/portal/").status_code == 200
    assert protocol.post(f"/api/v1/events/{event.slug}/focal-points/{point.pk}/revoke-sessions/").data == {"sessions_ended": 1}
    assert client.get("/api/v1/portal/").status_code in (401, 403)


def test_a_link_sent_to_an_old_address_stops_working(event):
    _delegation, point = delegation_with_focal_point(event)
    token = last_link(point)
    point.email = "new@embassy.example"
    point.save()
    assert APIClient().post(f"/api/v1/portal/sign-in/{token}/").data["state"] == "unknown"


def test_organizer_credentials_do_not_open_the_portal(event):
    owner = client_for(factories.make_member(event, "owner"))
    assert owner.get("/api/v1/portal/").status_code in (401, 403)


def test_nominations_up_to_the_quota_then_409_and_withdrawal_frees_a_place(event):
    delegation, point = delegation_with_focal_point(event, quota=2)
    client = signed_in_client(point)
    first = client.post("/api/v1/portal/members/", {**nominee("VOLKOVA"), "photo": photo()}, format="multipart")
    assert first.status_code == 201, first.content
    assert first.data["status"] == "registered" and first.data["passport_number"] == "••••4363"
    assert first.data["date_of_birth"] == "••••" and first.data["has_photo"]
    guest = Guest.objects.get(pk=first.data["id"])
    assert (guest.delegation_id, guest.passport_number, guest.country) == (delegation.pk, "RU7424363", "RU")
    second = client.post("/api/v1/portal/members/", nominee("SMIRNOV", passport_number="RU1111111"), format="multipart")
    assert second.status_code == 201
    full = client.post("/api/v1/portal/members/", nominee("IVANOV"), format="multipart")
    assert (full.status_code, full.data["code"]) == (409, "quota_exceeded") and "quota is 2" in full.data["detail"]
    assert not Guest.objects.filter(family_name="IVANOV").exists()
    assert client.delete(f"/api/v1/portal/members/{first.data['id']}/").status_code == 204
    guest.refresh_from_db()
    assert (guest.delegation_id, guest.status) == (None, GuestStatus.CANCELLED)
    assert client.post("/api/v1/portal/members/", nominee("IVANOV"), format="multipart").status_code == 201
    actions = set(AuditEntry.objects.filter(actor_kind="focal_point").values_list("action", flat=True))
    assert {"guest.created", "delegation.member_added", "portal.nominated", "portal.withdrawn", "guest.cancelled"} <= actions


def test_after_the_deadline_the_portal_is_read_only(event):
    delegation, point = delegation_with_focal_point(event)
    client = signed_in_client(point)
    member = client.post("/api/v1/portal/members/", nominee(), format="multipart").data
    DelegationPortal.objects.create(delegation=delegation, nomination_deadline=timezone.now() - datetime.timedelta(minutes=1))
    refused = client.post("/api/v1/portal/members/", nominee("LATE"), format="multipart")
    assert (refused.status_code, refused.data["code"]) == (409, "deadline_passed")
    assert client.patch(f"/api/v1/portal/members/{member['id']}/", {"position": "x"}, format="multipart").status_code == 409
    assert client.delete(f"/api/v1/portal/members/{member['id']}/").status_code == 409
    assert client.get("/api/v1/portal/").data["delegation"]["read_only"] is True


def test_a_focal_point_cannot_reach_another_delegation(event):
    _a, point_a = delegation_with_focal_point(event, name="Delegation A", email="a@embassy.example")
    delegation_b, point_b = delegation_with_focal_point(event, name="Delegation B", email="b@embassy.example")
    client_b = signed_in_client(point_b)
    of_b = client_b.post("/api/v1/portal/members/", nominee("BETA"), format="multipart").data["id"]
    office_guest = factories.make_guest(event, family_name="NOBODY")
    client_a = signed_in_client(point_a)
    missing = client_a.get("/api/v1/portal/members/999999/")
    for method in ("get", "patch", "delete"):
        for guest_id in (of_b, office_guest.pk):
            response = getattr(client_a, method)(f"/api/v1/portal/members/{guest_id}/", {"position": "x"}, format="multipart")
            assert response.status_code == 404 and response.data == missing.data
    assert [m["family_name"] for m in client_a.get("/api/v1/portal/members/").data["results"]] == []
    assert Guest.objects.get(pk=of_b).delegation_id == delegation_b.pk


def test_editing_an_approved_guests_passport_sends_them_back_for_review(event):
    factories.make_member(event, "protocol")
    _delegation, point = delegation_with_focal_point(event)
    client = signed_in_client(point)
    created = client.post("/api/v1/portal/members/", {**nominee(), "photo": photo()}, format="multipart").data
    guest = Guest.objects.get(pk=created["id"])
    approve_guest(guest)
    assert Nomination.objects.get(guest=guest).approved_values["family_name"] == "VOLKOVA"
    unchanged = client.patch(f"/api/v1/portal/members/{guest.pk}/", {"dietary": "halal"}, format="multipart")
    assert unchanged.status_code == 200 and unchanged.data["status"] == "approved"
    edited = client.patch(f"/api/v1/portal/members/{guest.pk}/", {"passport_number": "RU9999999", "family_name": "VOLKOVA-ORLOVA"},
                          format="multipart")
    assert edited.status_code == 200, edited.content
    assert (edited.data["status"], edited.data["passport_number"]) == ("registered", "••••9999")
    protocol = client_for(factories.make_member(event, "protocol"))
    queue = protocol.get(f"/api/v1/events/{event.slug}/nominations/review/").data
    (row,) = queue["results"]
    assert row["previously_approved"] and row["changes"]["passport_number"] == "changed"
    assert row["changes"]["family_name"] == ["VOLKOVA", "VOLKOVA-ORLOVA"]
    assert row["changes"]["dietary"] == ["vegetarian", "halal"]
    assert AuditEntry.objects.filter(action="portal.review_requested", guest_id=guest.pk, actor_kind="focal_point").exists()
    rejected = protocol.post(f"/api/v1/events/{event.slug}/nominations/{guest.pk}/reject/",
                             {"public_reason": "The passport expires too soon."}, format="json")
    assert rejected.status_code == 200 and rejected.data["status"] == "rejected"
    (shown,) = client.get("/api/v1/portal/members/").data["results"]
    assert (shown["status"], shown["public_reason"]) == ("rejected", "The passport expires too soon.")


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("photo", upload("x.jpg", b"not an image at all", "image/jpeg"), "readable JPEG or PNG"),
    ("photo", photo(size=(300, 400)), "at least 600×800"),
    ("photo", photo(size=(1200, 900)), "portrait"),
    ("passport_scan", upload("scan.txt", b"hello", "text/plain"), "PDF, JPEG or PNG"),
    ("family_name", "A" * 10_000, "at most 200"),
    ("family_name", "VOL\x00KOVA", "Null characters"),
    ("given_name", "Iri\x07na", "Control characters"),
    ("category", "head_of_state", "not one of the available choices"),
    ("arrival_flight", "hello world", "flight number"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(event, field, value, expected):
    _delegation, point = delegation_with_focal_point(event)
    client = signed_in_client(point)
    response = client.post("/api/v1/portal/members/", {**nominee(), field: value}, format="multipart")
    assert response.status_code == 400, response.content
    assert expected in " ".join(response.data[field])
    assert not Guest.objects.exists() and not Nomination.objects.exists()


def test_a_decompression_bomb_and_an_oversized_scan_are_refused(event, settings):
    settings.PORTAL_SCAN_MAX_BYTES = 1000
    _delegation, point = delegation_with_focal_point(event)
    client = signed_in_client(point)
    bomb = upload("bomb.png", image_bytes((10_000, 10_000), "PNG", color=(0, 0, 0)), "image/png")
    assert client.post("/api/v1/portal/members/", {**nominee(), "photo": bomb}, format="multipart").status_code == 400
    scan = upload("scan.pdf", b"%PDF-1.4\n" + b"0" * 2000, "application/pdf")
    response = client.post("/api/v1/portal/members/", {**nominee(), "passport_scan": scan}, format="multipart")
    assert response.status_code == 400 and "limit is 0 KB" in response.data["passport_scan"][0]
    assert not Guest.objects.exists()


def test_errors_come_in_the_focal_points_language(event):
    _delegation, point = delegation_with_focal_point(event, language="fr", quota=1)
    client = signed_in_client(point)
    assert client.post("/api/v1/portal/members/", nominee(), format="multipart").status_code == 201
    full = client.post("/api/v1/portal/members/", nominee("DEUX"), format="multipart")
    assert full.status_code == 409 and "quota" in full.data["detail"] and "délégation" in full.data["detail"]


def test_csrf_is_checked_on_every_portal_post(event):
    _delegation, point = delegation_with_focal_point(event)
    client = APIClient(enforce_csrf_checks=True)
    assert client.post(f"/api/v1/portal/sign-in/{last_link(point)}/").status_code == 403
    assert SignInLink.objects.get().used_at is None


def test_the_passport_scan_is_stored_encrypted_and_read_only_with_view_passport(event):
    _delegation, point = delegation_with_focal_point(event)
    client = signed_in_client(point)
    pdf = b"%PDF-1.4\n% a passport data page\n"
    created = client.post("/api/v1/portal/members/", {**nominee(), "passport_scan": upload("scan.pdf", pdf, "application/pdf")},
                          format="multipart")
    assert created.status_code == 201 and created.data["passport_scan"] is True
    stored = Nomination.objects.get()
    assert stored.passport_scan.startswith("v1:") and b"passport data page" not in stored.passport_scan.encode()
    url = f"/api/v1/events/{event.slug}/nominations/{created.data['id']}/passport-scan/"
    assert client_for(factories.make_member(event, "registration")).get(url).status_code == 403
    response = client_for(factories.make_member(event, "protocol")).get(url)
    assert response.status_code == 200 and response.content == pdf and response["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(action="portal.passport_scan_read", guest_id=created.data["id"]).count() == 1


def test_a_sent_invitation_keeps_no_usable_link_in_the_outbox(event, settings, tmp_path, django_capture_on_commit_callbacks):
    from correspondence.domain.sending import send_message

    settings.EMAIL_URL = ""
    _delegation, point = delegation_with_focal_point(event)
    token = last_link(point)
    message = Message.objects.get(recipient_email=point.email, context__portal="invitation")
    with django_capture_on_commit_callbacks(execute=True):
        send_message(message.pk)
    message.refresh_from_db()
    assert message.state == MessageState.SENT
    assert token not in message.body_text and token not in message.body_html
    assert "/portal/sign-in/…/" in message.body_text
    # The link itself, as mailed, still signs in once.
    assert APIClient().post(f"/api/v1/portal/sign-in/{token}/").status_code == 200
