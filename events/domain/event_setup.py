"""Creating and changing an event and who organizes it: the creator becomes its owner, and an
event always keeps at least one owner."""
from django.db import transaction

from audit import domain as audit
from audit.domain.writes import save_changed
from core.saving import save_new
from events.models import Event, EventMembership, Role

from .signals import event_changed, event_created, membership_changed, send_after_commit


class LastOwner(Exception):
    code = "last_owner"

    def __init__(self):
        super().__init__("An event must keep at least one owner.")


@transaction.atomic
def create_event(values: dict, *, by, instance: Event | None = None, owner: bool = True) -> Event:
    """A new event from field values; `by` (the creating user) becomes its owner unless `owner` is
    false (the admin names the members in the same form). `instance`: the unsaved Event to fill."""
    event = save_new(instance or Event(), values)
    audit.record(by, "event.created", event=event, obj=event, changes=audit.created(values))
    if owner:
        membership = EventMembership.objects.create(event=event, user=audit.user_of(by), role=Role.OWNER)
        _record_member(by, "membership.added", membership, audit.created({"role": Role.OWNER}))
    send_after_commit(event_created, Event, event=event, by=by)
    return event


def _record_member(by, action, membership, changes=None):
    audit.record(by, action, event=membership.event_id, obj=membership, object_type="membership",
                 object_label=f"{membership.user} ({membership.role})", changes=changes)


@transaction.atomic
def update_event(event: Event, values: dict, *, by=None, before: dict | None = None) -> Event:
    diff = save_changed(event, values, before=before)
    if diff:
        audit.record(by, "event.changed", event=event, obj=event, changes=diff)
    if diff is not None:
        send_after_commit(event_changed, Event, event=event, fields=sorted(values), by=by)
    return event


def _is_last_owner(membership: EventMembership) -> bool:
    return membership.role == Role.OWNER and not EventMembership.objects.select_for_update().filter(
        event_id=membership.event_id, role=Role.OWNER).exclude(pk=membership.pk).exists()


@transaction.atomic
def add_member(event: Event, values: dict, *, by=None) -> EventMembership:
    membership = EventMembership.objects.create(event=event, **values)
    _record_member(by, "membership.added", membership, audit.created(values))
    send_after_commit(membership_changed, EventMembership, membership=membership, action="added", by=by)
    return membership


@transaction.atomic
def change_member(membership: EventMembership, values: dict, *, by=None, before: dict | None = None) -> EventMembership:
    """Raises LastOwner if this would leave the event without an owner."""
    if values.get("role", Role.OWNER) != Role.OWNER and _is_last_owner(membership):
        raise LastOwner()
    diff = save_changed(membership, values, before=before)
    if diff:
        _record_member(by, "membership.changed", membership, diff)
    if diff is not None:
        send_after_commit(membership_changed, EventMembership, membership=membership, action="changed", by=by)
    return membership


@transaction.atomic
def remove_member(membership: EventMembership, *, by=None) -> None:
    """Raises LastOwner if this is the event's last owner."""
    if _is_last_owner(membership):
        raise LastOwner()
    _record_member(by, "membership.removed", membership)
    membership.delete()
    send_after_commit(membership_changed, EventMembership, membership=membership, action="removed", by=by)
