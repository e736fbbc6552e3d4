"""Creating, changing and deleting a delegation (its members: membership)."""
from django.db import transaction

from audit import domain as audit
from core.saving import save_changes, save_new

from ..models import Delegation, ItineraryItem
from . import membership
from .errors import DelegationRuleError
from .signals import delegation_changed, send_after_commit

UNCHANGED = object()


@transaction.atomic
def create_delegation(event, values: dict, *, by=None, instance: Delegation | None = None) -> Delegation:
    """`instance`, when given, is the unsaved delegation to fill (the admin's form has made it)."""
    delegation = instance or Delegation()
    delegation.event = event
    save_new(delegation, values)
    audit.record(by, "delegation.created", event=event, obj=delegation, changes=audit.created(values))
    send_after_commit(delegation_changed, Delegation, delegation=delegation, action="created", fields=sorted(values), by=by)
    return delegation


@transaction.atomic
def update_delegation(delegation: Delegation, values: dict, *, head=UNCHANGED, by=None,
                      before: dict | None = None) -> Delegation:
    """Change these fields; `head` (a member) becomes head if given. Raises DelegationRuleError.
    `before`: the values before, where the caller (the admin's form) has assigned them already."""
    diff = audit.changes(delegation if before is None else before, values)
    save_changes(delegation, values)
    if diff:
        audit.record(by, "delegation.changed", event=delegation.event_id, obj=delegation, changes=diff)
    if head is not UNCHANGED and head is not None:
        membership.set_head(delegation, head, by=by)
    if values:
        send_after_commit(delegation_changed, Delegation, delegation=delegation, action="changed",
                          fields=sorted(values), by=by)
    return delegation


@transaction.atomic
def delete_delegation(delegation: Delegation, *, by=None) -> None:
    """A delegation with a schedule is not deleted: its items go first (confirmed ones are kept as
    cancelled, so calendars learn of it)."""
    items = ItineraryItem.objects.filter(delegation=delegation).count()
    if items:
        raise DelegationRuleError(
            f"The delegation has {items} itinerary item(s); delete, cancel or reassign them first "
            "(confirmed items are kept as cancelled).",
            code="has_itinerary", status=409,
        )
    pk = delegation.pk
    audit.record(by, "delegation.deleted", event=delegation.event_id, obj=delegation)
    delegation.delete()
    delegation.pk = pk
    send_after_commit(delegation_changed, Delegation, delegation=delegation, action="deleted", fields=[], by=by)
