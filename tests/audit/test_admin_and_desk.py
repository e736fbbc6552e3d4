"""Actions through the admin (a signed-in user) and the check-in desk (a checkpoint operated by a
user): exactly one entry each, with that actor; the trail itself cannot be edited in the admin."""
import datetime

import pytest
from django.forms.models import model_to_dict

from audit.models import ActorKind, AuditEntry
from tests import factories

from .conftest import PASSPORT, entries, only_entry, trail_text

pytestmark = pytest.mark.django_db

GUEST_FORM_FIELDS = ["event", "category", "honorific", "family_name", "given_name", "native_name", "chinese_name",
                     "gender", "position", "organization", "country", "language", "email", "dietary",
                     "passport_number", "passport_expiry", "date_of_birth", "arrival_flight", "departure_flight",
                     "internal_notes"]


def form_of(instance, fields, **changes):
    data = {name: value for name, value in model_to_dict(instance, fields=fields).items() if value is not None}
    return {**data, **changes}


@pytest.fixture
def owner(client, event):
    user = factories.make_member(event, "owner", username="chen.jing", is_staff=True)
    client.force_login(user)
    return user


def test_an_admin_edit_is_one_entry_by_the_user_with_the_values_before(client, owner, passport_guest):
    response = client.post(f"/admin/events/guest/{passport_guest.pk}/change/",
                           form_of(passport_guest, GUEST_FORM_FIELDS, position="Ambassador", passport_number="P7654321"))
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = only_entry(action="guest.changed")
    assert (entry.actor_kind, entry.actor_id, entry.actor_label) == (ActorKind.USER, str(owner.pk), "chen.jing")
    assert entry.changes == {"position": [passport_guest.position, "Ambassador"], "passport_number": "changed"}
    assert "P7654321" not in trail_text() and PASSPORT not in trail_text()


def test_a_bulk_approval_in_the_admin_is_one_entry_per_guest(client, owner, event):
    guests = [factories.make_guest(event, status="registered") for _ in range(3)]
    response = client.post("/admin/events/guest/", {"action": "approve_selected",
                                                    "_selected_action": [g.pk for g in guests]})
    assert response.status_code == 302
    approved = entries(action="guest.approved")
    assert sorted(e.object_id for e in approved) == sorted(g.pk for g in guests)
    assert {e.actor_label for e in approved} == {"chen.jing"}
    assert approved[0].changes == {"status": ["registered", "approved"]}


def test_the_event_admin_saves_through_the_domain(client, owner, event):
    import json

    colleague = factories.make_user(username="liu.yang")
    data = form_of(event, ["slug", "timezone", "start_date", "end_date", "status", "default_language",
                           "transfer_buffer_minutes", "precedence_language", "precedence_start_letter", "retention_days"],
                   transfer_buffer_minutes=25, name=json.dumps(event.name))
    import re

    page = client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    shown = [int(pk) for pk in re.findall(r'name="memberships-\d+-id" value="(\d+)"', page)]
    existing = [event.memberships.get(pk=pk) for pk in shown]
    for number, membership in enumerate([*existing, None]):
        data.update({f"memberships-{number}-{name}": value for name, value in {
            "id": membership.pk if membership else "", "event": event.pk,
            "user": membership.user_id if membership else colleague.pk,
            "role": membership.role if membership else "protocol", "phone": membership.phone if membership else ""}.items()})
    data.update({"memberships-TOTAL_FORMS": len(existing) + 1, "memberships-INITIAL_FORMS": len(existing)})
    response = client.post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    changed = only_entry(action="event.changed")
    assert changed.changes == {"transfer_buffer_minutes": [event.transfer_buffer_minutes, 25]}
    added = only_entry(action="membership.added")
    assert (added.actor_label, added.object_label) == ("chen.jing", "liu.yang (protocol)")


def test_the_membership_admin_saves_through_the_domain(client, owner, event):
    colleague = factories.make_user(username="wang.fang")
    response = client.post("/admin/events/eventmembership/add/", {"event": event.pk, "user": colleague.pk,
                                                                  "role": "viewer", "phone": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = only_entry(action="membership.added")
    assert entry.actor_label == "chen.jing" and entry.object_label == "wang.fang (viewer)"
    membership = colleague.event_memberships.get()
    assert client.post(f"/admin/events/eventmembership/{membership.pk}/delete/", {"post": "yes"}).status_code == 302
    assert only_entry(action="membership.removed").object_id == membership.pk


def test_the_admin_shows_the_trail_read_only(client, event):
    root = factories.make_user(is_superuser=True, is_staff=True)
    client.force_login(root)
    factories.make_guest(event)
    from audit.domain import record

    entry = record(root, "guest.viewed", event=event, object_type="guest", object_id=1)
    assert client.get("/admin/audit/auditentry/").status_code == 200
    page = client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_desk_scan_is_one_entry_by_the_desk(client, event):
    from tests.checkin.conftest import code_of, make_checkpoint, make_zone, nonce

    zone = make_zone(event, "PLENARY")
    gate = make_checkpoint(event, [zone], name={"en": "North gate"})
    badge = factories.BadgeFactory(guest=factories.make_guest(event, status="approved", given_name="Ana",
                                                              family_name="Silva"), zones=[zone])
    guard = factories.make_member(event, "checkin", username="guard.1")
    client.force_login(guard)  # the desk page's session
    response = client.post(f"/api/v1/events/{event.slug}/checkin/scan/",
                           {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": nonce()}, content_type="application/json")
    assert response.status_code == 201, response.content
    entry = only_entry(action="scan.entry")
    assert (entry.actor_kind, entry.actor_id) == (ActorKind.DESK, str(gate.pk))
    assert entry.actor_label.endswith("guard.1")
    assert (entry.object_type, entry.guest_id, entry.object_label) == ("scan", badge.guest_id, "Ana Silva")
    assert entry.details["result"] == response.json()["result"]


def test_an_offline_upload_records_each_scan_by_its_desk(event):
    from checkin.domain import offline
    from tests.checkin.conftest import DURING_EVENT, code_of, make_checkpoint, make_zone, nonce

    zone = make_zone(event, "PLENARY")
    gate = make_checkpoint(event, [zone])
    badge = factories.BadgeFactory(guest=factories.make_guest(event, status="approved"), zones=[zone])
    guard = factories.make_member(event, "checkin", username="guard.2")
    items = [{"checkpoint": gate.pk, "qr": code_of(badge), "nonce": nonce(), "direction": "entry",
              "scanned_at": DURING_EVENT + datetime.timedelta(minutes=i)} for i in range(2)]
    offline.upload_scans(event, items, user=guard)
    recorded = entries(object_type="scan")
    assert len(recorded) == 2 and {e.actor_kind for e in recorded} == {ActorKind.DESK}
    assert all(e.details["offline"] for e in recorded)


def test_the_guest_admin_page_links_to_the_guests_history_and_records_the_passport_read(client, owner, passport_guest):
    page = client.get(f"/admin/events/guest/{passport_guest.pk}/change/").content.decode()
    assert f"/api/v1/events/{passport_guest.event.slug}/audit-log/?guest={passport_guest.pk}" in page
    entry = only_entry(action="guest.passport_viewed")
    assert (entry.actor_label, entry.guest_id, entry.object_label, entry.details) == (
        "chen.jing", passport_guest.pk, str(passport_guest), {"path": f"/admin/events/guest/{passport_guest.pk}/change/"})


def test_the_history_button_of_a_change_page_opens_the_records_audit_trail(client, owner, event, other_event):
    from delegations.domain.delegations import create_delegation, update_delegation

    delegation = create_delegation(event, {"name": "Delegation of Mongolia", "country": "MN"}, by=owner)
    update_delegation(delegation, {"quota": 8}, by=owner)
    history = client.get(f"/admin/delegations/delegation/{delegation.pk}/history/")
    assert history.status_code == 302
    assert history["Location"] == (f"/api/v1/events/{event.slug}/audit-log/?object_type=delegation"
                                   f"&object_id={delegation.pk}")
    rows = client.get(history["Location"]).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [row["action"] for row in rows] == ["delegation.changed", "delegation.created"]
    elsewhere = create_delegation(other_event, {"name": "Delegation of Peru", "country": "PE"})
    missing = client.get(f"/admin/delegations/delegation/{elsewhere.pk}/history/")
    assert missing.status_code == 302 and "audit-log" not in missing["Location"]  # as for a record that does not exist
    assert missing["Location"] == client.get("/admin/delegations/delegation/999999/history/")["Location"]
