"""A guest's data subject export: what the record holds, for owners, recorded."""
import pytest

from audit.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_record_badges_scans_and_is_recorded(as_role, event):
    from tests.checkin.conftest import code_of, make_checkpoint, make_zone, nonce

    delegation = factories.DelegationFactory(event=event)
    guest = factories.make_guest(event, status="approved", given_name="Ana", family_name="Silva",
                                 passport_number="E7654321", date_of_birth="1970-02-03", delegation=delegation,
                                 delegation_role="Minister")
    zone = make_zone(event, "PLENARY")
    badge = factories.BadgeFactory(guest=guest, zones=[zone])
    gate = make_checkpoint(event, [zone])
    scanner = as_role("checkin")
    assert scanner.post(f"/api/v1/events/{event.slug}/checkin/scan/",
                        {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": nonce()}, format="json").status_code == 201
    owner = as_role("owner")
    response = owner.get(f"/api/v1/events/{event.slug}/guests/{guest.pk}/personal-data/")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["guest"]["passport_number"] == "E7654321" and data["guest"]["date_of_birth"] == "1970-02-03"
    assert data["guest"]["family_name"] == "Silva" and data["guest"]["delegation_id"] == delegation.pk
    assert data["delegation"]["id"] == delegation.pk and data["delegation"]["role"] == "Minister"
    assert [b["id"] for b in data["badges"]] == [badge.pk] and data["badges"][0]["zones"] == ["PLENARY"]
    assert [s["result"] for s in data["scans"]] == ["ok"]
    entry = AuditEntry.objects.get(action="privacy.subject_exported")
    assert entry.guest_id == guest.pk and entry.details == {"badges": 1, "scans": 1, "items": 0}
    assert "E7654321" not in str(list(AuditEntry.objects.values()))


@pytest.mark.parametrize("role", ["manager", "protocol", "registration", "viewer"])
def test_only_owners_export(as_role, event, role):
    guest = factories.make_guest(event)
    assert as_role(role).get(f"/api/v1/events/{event.slug}/guests/{guest.pk}/personal-data/").status_code == 403


def test_another_events_guest_is_missing(as_role, event, other_event):
    stranger = factories.make_guest(other_event)
    assert as_role("owner").get(f"/api/v1/events/{event.slug}/guests/{stranger.pk}/personal-data/").status_code == 404
