"""The trail is append-only: on PostgreSQL a trigger refuses UPDATE and DELETE of an entry, even
through the ORM's bulk operations (no application code could get around it)."""
import pytest
from django.db import DatabaseError, transaction

from audit.domain import record
from audit.models import AuditEntry


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_refuses_to_change_or_delete_an_entry(event):
    entry = record(None, "guest.approved", event=event, object_type="guest", object_id=7, object_label="A. Guest")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="guest.rejected")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.action == "guest.approved"


@pytest.mark.django_db
def test_entries_outlive_the_event_they_describe(event):
    from events.domain.deletion import delete_event

    record(None, "guest.approved", event=event, object_type="guest", object_id=7)
    event_id = event.pk
    delete_event(event, confirm=event.slug)
    assert list(AuditEntry.objects.filter(event_id=event_id).values_list("action", flat=True).order_by("id")) == [
        "guest.approved", "event.deleted"]
