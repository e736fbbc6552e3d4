"""Who is in a delegation, and who leads it.

Rules: a guest is in at most one delegation (Guest.delegation); a delegation has at most `quota`
members; it has exactly one head once it has members (Delegation.head, always one of its
members) — a one-member delegation's member is its head automatically. Every operation locks
the delegation row and runs in one transaction, so concurrent requests cannot overshoot the
quota and nothing is half-saved."""
from django.db import transaction

from audit import domain as audit
from events.models import Guest

from ..models import Delegation
from .errors import DelegationRuleError
from .signals import member_changed, send_after_commit


def _locked(delegation: Delegation) -> Delegation:
    return Delegation.objects.select_for_update().get(pk=delegation.pk)


def _member_ids(delegation: Delegation) -> list[int]:
    return list(Guest.objects.filter(delegation_id=delegation.pk).order_by("pk").values_list("pk", flat=True))


def current_head(delegation: Delegation, member_ids=None):
    """The head's guest id, or None. A head who has left the delegation (e.g. moved through the
    guest form) does not count; a lone member is head even if nobody said so."""
    member_ids = _member_ids(delegation) if member_ids is None else member_ids
    if delegation.head_id in member_ids:
        return delegation.head_id
    if len(member_ids) == 1:
        return member_ids[0]
    return None


def _refresh(delegation: Delegation, locked: Delegation):
    for name in ("head_id", "quota"):
        setattr(delegation, name, getattr(locked, name))


def _refuse_a_second_head(head, guest: Guest) -> None:
    if head is not None and head != guest.pk:
        raise DelegationRuleError(
            f"The delegation already has a head ({_describe(Guest.objects.get(pk=head))}); a delegation has exactly "
            "one head. Use set-head to replace them.",
            field="is_head", code="head_exists", status=409,
        )


def _settle(delegation: Delegation, locked: Delegation, guest: Guest, new_head, action: str, by) -> Guest:
    """Record the delegation's head after a change of its members, announce the change, refresh."""
    if new_head != locked.head_id:
        locked.head_id = new_head
        locked.save(update_fields=["head"])
    _announce(locked, guest, action, by)
    _refresh(delegation, locked)
    return guest


def _announce(delegation: Delegation, guest: Guest, action: str, by) -> None:
    audit.record(by, f"delegation.member_{action}", event=delegation.event_id, obj=guest,
                 details={"delegation": delegation.pk, "delegation_label": str(delegation),
                          "role": guest.delegation_role})
    send_after_commit(member_changed, Delegation, delegation=delegation, guest_id=guest.pk, action=action, by=by)


def _describe(guest: Guest) -> str:
    return guest.full_name or f"guest #{guest.pk}"


@transaction.atomic
def add_member(delegation: Delegation, guest: Guest, *, role: str | None = None, make_head: bool = False,
               by=None) -> Guest:
    locked = _locked(delegation)
    guest = Guest.objects.select_for_update().get(pk=guest.pk)
    if guest.event_id != locked.event_id:
        raise DelegationRuleError("This guest does not exist in this event.", field="guest", code="does_not_exist")
    if guest.delegation_id and guest.delegation_id != locked.pk:
        other = Delegation.objects.filter(pk=guest.delegation_id).values_list("name", flat=True).first()
        raise DelegationRuleError(
            f"{_describe(guest)} is already a member of the delegation “{other}”; a guest belongs to one delegation only. "
            "Remove them from it first.",
            field="guest", code="already_in_delegation", status=409,
        )
    members = _member_ids(locked)
    if guest.pk not in members and locked.quota is not None and len(members) >= locked.quota:
        raise DelegationRuleError(
            f"The delegation is full: its quota is {locked.quota} member(s) and it already has {len(members)}.",
            field="guest", code="quota_exceeded", status=409,
        )
    if make_head:
        _refuse_a_second_head(current_head(locked, members), guest)
    guest.delegation_id = locked.pk
    guest.delegation_role = role if role is not None else guest.delegation_role
    guest.save(update_fields=["delegation", "delegation_role", "updated_at"])
    members = sorted({*members, guest.pk})
    new_head = guest.pk if make_head else current_head(locked, members)
    return _settle(delegation, locked, guest, new_head, "added", by)


@transaction.atomic
def update_member(delegation: Delegation, guest: Guest, *, role=None, make_head=None, by=None) -> Guest:
    locked = _locked(delegation)
    guest = Guest.objects.select_for_update().get(pk=guest.pk)
    if guest.delegation_id != locked.pk:
        raise DelegationRuleError("This guest is not a member of the delegation.", field="guest", code="not_a_member", status=404)
    members = _member_ids(locked)
    head = current_head(locked, members)
    if make_head is True:
        _refuse_a_second_head(head, guest)
    if make_head is False and head == guest.pk:
        raise DelegationRuleError(
            "A delegation must keep exactly one head: make another member head (set-head) instead.",
            field="is_head", code="head_required", status=409,
        )
    if role is not None:
        guest.delegation_role = role
        guest.save(update_fields=["delegation_role", "updated_at"])
    return _settle(delegation, locked, guest, guest.pk if make_head else head, "changed", by)


@transaction.atomic
def remove_member(delegation: Delegation, guest: Guest, *, by=None) -> None:
    locked = _locked(delegation)
    guest = Guest.objects.select_for_update().get(pk=guest.pk)
    if guest.delegation_id != locked.pk:
        raise DelegationRuleError("This guest is not a member of the delegation.", field="guest", code="not_a_member", status=404)
    members = _member_ids(locked)
    remaining = [pk for pk in members if pk != guest.pk]
    if current_head(locked, members) == guest.pk and len(remaining) > 1:
        raise DelegationRuleError(
            f"{_describe(guest)} is the head of the delegation: make another member head (set-head) before removing them.",
            field="guest", code="head_required", status=409,
        )
    guest.delegation_id = None
    guest.delegation_role = ""
    guest.save(update_fields=["delegation", "delegation_role", "updated_at"])
    if locked.head_id == guest.pk:
        locked.head_id = None
    locked.head_id = current_head(locked, remaining)  # a lone remaining member becomes head
    locked.save(update_fields=["head"])
    _announce(locked, guest, "removed", by)
    _refresh(delegation, locked)


@transaction.atomic
def set_head(delegation: Delegation, guest: Guest, *, by=None) -> None:
    """Make `guest` (a member) the head, replacing the previous head."""
    locked = _locked(delegation)
    if guest.event_id != locked.event_id or not Guest.objects.filter(pk=guest.pk, delegation_id=locked.pk).exists():
        raise DelegationRuleError(
            "Only a member of the delegation can be its head; add the guest to the delegation first.",
            field="guest", code="not_a_member",
        )
    if locked.head_id != guest.pk:
        locked.head_id = guest.pk
        locked.save(update_fields=["head"])
    _announce(locked, guest, "made_head", by)
    _refresh(delegation, locked)


def check_quota(delegation: Delegation, quota) -> None:
    """A quota below the current number of members is refused rather than silently breached."""
    if quota is None or delegation.pk is None:
        return
    count = Guest.objects.filter(delegation_id=delegation.pk).count()
    if quota < count:
        raise DelegationRuleError(
            f"The delegation already has {count} members; the quota cannot be lower than that.", field="quota", code="quota_below_members"
        )


def validate_staff_assignment(event, *, liaison_officer=None, interpreter=None) -> dict:
    """Errors (field → message) for a delegation's liaison officer and interpreter."""
    from ..models import Staff

    errors = {}
    for field, staff, role in (("liaison_officer", liaison_officer, Staff.Role.LIAISON),
                               ("interpreter", interpreter, Staff.Role.INTERPRETER)):
        if staff is None:
            continue
        if staff.event_id != event.pk:
            errors[field] = "This staff member does not exist in this event."
        elif staff.role_mismatch(role):
            errors[field] = staff.role_mismatch(role)
    return errors
