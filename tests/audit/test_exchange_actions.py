"""Mail, letters and lists that leave the office are in the trail: who queued, cancelled or retried a
message, who issued or revoked a letter, who took which export (with its columns, never its values)."""
import pytest

from audit.models import ActorKind, AuditEntry
from correspondence.domain.outbox import create_messages
from correspondence.models import Message
from tests import factories
from tests.spreadsheets.conftest import checked, commit  # noqa: F401 - fixtures

from .conftest import PASSPORT, only_entry, trail_text

pytestmark = pytest.mark.django_db


def test_queueing_and_cancelling_a_message_are_one_entry_each_by_the_token(event, as_role):
    owner = as_role("owner")
    guest = factories.make_guest(event, family_name="SEITKALI", email="seitkali@example.kz", language="en")
    message = Message.objects.get(run=create_messages(event=event, kind="invitation", selection={"guests": [guest.pk]}))
    base = f"/api/v1/events/{event.slug}/messages/{message.pk}/"
    assert owner.post(base + "send/", {}, format="json").status_code == 200
    assert owner.post(base + "cancel/", {}, format="json").status_code == 200
    queued, cancelled = only_entry(action="message.queued"), only_entry(action="message.cancelled")
    assert (queued.object_type, queued.object_id, queued.guest_id) == ("message", message.pk, guest.pk)
    assert queued.actor_kind == cancelled.actor_kind == ActorKind.API_TOKEN
    assert "seitkali@example.kz" in queued.object_label


def test_issuing_and_revoking_a_letter_are_recorded_without_passport_data(event, as_role):
    protocol = as_role("protocol")
    guest = factories.make_guest(event, passport_number=PASSPORT, date_of_birth="1961-07-04", email="a@example.org",
                                 arrival_time="2023-10-30T10:00+08:00")
    created = protocol.post(f"/api/v1/events/{event.slug}/letters/", {"guest": guest.pk, "kind": "visa"}, format="json")
    assert created.status_code == 201, created.content
    owner = as_role("owner")
    revoked = owner.post(f"/api/v1/events/{event.slug}/letters/{created.json()['id']}/revoke/", {"reason": "withdrawn"},
                         format="json")
    assert revoked.status_code == 200, revoked.content
    issued, withdrawn = only_entry(action="letter.generated"), only_entry(action="letter.revoked")
    assert issued.object_label == withdrawn.object_label == created.json()["reference"]
    assert issued.guest_id == guest.pk and issued.actor_kind == ActorKind.API_TOKEN
    assert PASSPORT not in trail_text() and "1961-07-04" not in trail_text()


def test_an_export_is_one_entry_naming_its_kind_and_columns(event, as_role):
    factories.make_guest(event, family_name="ДЖАКСЫБЕКОВ", passport_number=PASSPORT)
    owner = as_role("owner")
    response = owner.get(f"/api/v1/events/{event.slug}/exports/guests.csv",
                         {"columns": "family_name,passport_number"})
    assert response.status_code == 200
    entry = only_entry(action="export.guests")
    assert entry.details == {"columns": ["family_name", "passport_number"]} and entry.event_id == event.pk
    assert PASSPORT not in trail_text() and "ДЖАКСЫБЕКОВ" not in trail_text()
    assert AuditEntry.objects.filter(action__startswith="export.").count() == 1


def test_an_import_is_one_entry_at_upload_and_one_per_guest_at_commit_none_in_the_dry_run(event, as_role, checked, commit):
    from tests.spreadsheets.files import csv_bytes

    owner = as_role("owner")
    rows = [["Family name", "Given name", "Country", "Passport number"],
            ["ТОКАЕВА", "Айгерим", "KZ", PASSPORT], ["王", "芳", "CN", "E7654321"]]
    body = checked(owner, event, csv_bytes(rows), name="embassy.csv").json()
    uploaded = only_entry(action="import.uploaded")
    assert (uploaded.object_type, uploaded.object_id, uploaded.object_label) == ("guestimport", body["id"], "embassy.csv")
    assert uploaded.actor_kind == ActorKind.API_TOKEN
    assert AuditEntry.objects.exclude(action="import.uploaded").count() == 0  # the dry run records nothing
    assert commit(owner, event, body).status_code == 200
    assert AuditEntry.objects.filter(action="guest.created").count() == 2
    assert PASSPORT not in trail_text()


@pytest.mark.parametrize("report", ["inside", "hourly", "arrivals"])
def test_an_attendance_csv_is_one_entry_naming_the_report(event, as_role, report):
    factories.make_guest(event, family_name="ХАСАНОВ", status="approved")
    response = as_role("owner").get(f"/api/v1/events/{event.slug}/checkin/attendance/{report}.csv")
    assert response.status_code == 200
    entry = only_entry(action=f"export.attendance_{report}")
    assert (entry.object_type, entry.object_label, entry.actor_kind) == ("export", f"attendance {report}", ActorKind.API_TOKEN)
    assert as_role("owner").get(f"/api/v1/events/{event.slug}/checkin/attendance/{report}/").status_code == 200
    assert AuditEntry.objects.filter(action__startswith="export.").count() == 1  # the JSON view is no export


def test_the_trail_filters_by_the_namespaces_of_mail_letters_exports_and_imports(event, as_role):
    owner = as_role("owner")
    assert owner.get(f"/api/v1/events/{event.slug}/exports/delegations.csv").status_code == 200
    for namespace in ("letter.", "message.", "export.", "import."):
        answer = owner.get(f"/api/v1/events/{event.slug}/audit-log/", {"action": namespace})
        assert answer.status_code == 200, (namespace, answer.content)
    rows = owner.get(f"/api/v1/events/{event.slug}/audit-log/", {"action": "export."}).json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [row["action"] for row in rows] == ["export.delegations"]
