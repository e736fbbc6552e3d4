"""The guest status state machine: invited → registered → approved | rejected; any → cancelled.

Status only changes through these operations, never by writing the field. Rejecting or cancelling
a guest revokes their badges in the same transaction: the revocation list is all an offline desk
knows, so that is where a printed badge of a refused guest must show up."""
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from badges.domain.issuing import revoke_badge
from events.models import Guest, GuestStatus

S = GuestStatus
# A guest in one of these statuses may not pass any gate.
REVOKES_BADGES = frozenset({S.REJECTED, S.CANCELLED})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset
    target: str


TRANSITIONS = {
    t.action: t
    for t in (
        Transition("register", frozenset({S.INVITED}), S.REGISTERED),
        Transition("approve", frozenset({S.REGISTERED}), S.APPROVED),
        Transition("reject", frozenset({S.REGISTERED}), S.REJECTED),
        Transition("cancel", frozenset({S.INVITED, S.REGISTERED, S.APPROVED, S.REJECTED}), S.CANCELLED),
    )
}


class IllegalTransition(Exception):
    def __init__(self, guest_status, action):
        self.status = guest_status
        self.action = action
        allowed = ", ".join(sorted(a for a, t in TRANSITIONS.items() if guest_status in t.sources)) or "none"
        super().__init__(
            f"Cannot {action} a guest whose status is {guest_status!s}; allowed from {guest_status!s}: {allowed}."
        )


def allowed_actions(status: str) -> list[str]:
    return [action for action, t in TRANSITIONS.items() if status in t.sources]


def apply_transition(guest: Guest, action: str) -> Guest:
    """Move one guest along the state machine, atomically and race-free (row lock)."""
    transition = TRANSITIONS[action]
    with transaction.atomic():
        locked = Guest.objects.select_for_update().get(pk=guest.pk)
        if locked.status not in transition.sources:
            raise IllegalTransition(locked.status, action)
        now = timezone.now()
        Guest.objects.filter(pk=guest.pk).update(status=transition.target, status_changed_at=now, updated_at=now)
        if transition.target in REVOKES_BADGES:
            revoke_badges_of([guest.pk], reason=f"Guest {transition.target}")
    guest.status, guest.status_changed_at = transition.target, now
    return guest


def apply_bulk(queryset, action: str) -> tuple[int, int]:
    """Apply to every guest of a queryset where legal; returns (changed, skipped)."""
    transition = TRANSITIONS[action]
    with transaction.atomic():
        now = timezone.now()
        legal = list(queryset.filter(status__in=transition.sources).values_list("pk", flat=True))
        changed = Guest.objects.filter(pk__in=legal).update(status=transition.target, status_changed_at=now, updated_at=now)
        if transition.target in REVOKES_BADGES:
            revoke_badges_of(legal, reason=f"Guest {transition.target}")
    return changed, queryset.count() - changed


def revoke_badges_of(guest_ids, *, reason: str) -> None:
    """Put the active badges of these guests on their event's revocation list."""
    from badges.models import Badge, BadgeStatus

    for badge in Badge.objects.filter(guest_id__in=guest_ids, status=BadgeStatus.ACTIVE).order_by("id"):
        revoke_badge(badge, reason=reason)
