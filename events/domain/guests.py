"""Creating and changing a guest's record: the one way the API, the admin and the demo write one.
Status changes go through guest_status, deletions through deletion, membership of a delegation
through delegations.domain.membership."""
from django.db import transaction

from audit import domain as audit
from audit.domain.writes import save_changed
from core.saving import save_new
from events.domain import access
from events.models import Guest

from .signals import guest_changed, guest_created, send_after_commit

# Written only by their own operations.
NOT_EDITABLE = frozenset({"status", "status_changed_at", "delegation", "delegation_role", "event"})


def _refuse_not_editable(values: dict) -> None:
    refused = NOT_EDITABLE.intersection(values)
    if refused:
        raise ValueError(f"Not changed through a guest edit: {', '.join(sorted(refused))}.")


@transaction.atomic
def create_guest(event, values: dict, *, by=None, instance: Guest | None = None) -> Guest:
    """A new guest of `event` (status registered) from field values; `instance`, when given, is the
    unsaved Guest to fill (the admin's form has made one)."""
    guest = instance or Guest()
    guest.event = event
    _refuse_not_editable(values)
    save_new(guest, values)
    audit.record(by, "guest.created", event=event, obj=guest, changes=audit.created(values))
    send_after_commit(guest_created, Guest, guest=guest, by=by)
    return guest


@transaction.atomic
def update_guest(guest: Guest, values: dict, *, by=None, before: dict | None = None) -> Guest:
    """Change these fields of the guest's record, and only these columns (a concurrent edit of
    other fields survives). `before`: the values before, where the caller has assigned them already."""
    _refuse_not_editable(values)
    diff = save_changed(guest, values, before=before)
    if diff:
        audit.record(by, "guest.changed", event=guest.event_id, obj=guest, changes=diff)
    if diff is not None:
        send_after_commit(guest_changed, Guest, guest=guest, fields=sorted(values), by=by)
    return guest


def record_passport_view(by, guest: Guest, *, path: str) -> None:
    """One `guest.passport_viewed` entry for a page or an answer that shows `by` (an Actor or a user)
    this guest's passport number or date of birth unmasked (roles with view_passport see them; others
    see masks, which are not recorded); `path` where it was shown."""
    user = audit.user_of(by)
    if not (guest.passport_number or guest.date_of_birth) or not access.has_right(user, guest.event, access.VIEW_PASSPORT):
        return
    audit.record(by, "guest.passport_viewed", event=guest.event_id, obj=guest, details={"path": path[:200]})
