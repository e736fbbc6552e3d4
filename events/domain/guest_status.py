"""The guest status state machine: invited → registered → approved | rejected; any → cancelled.

Status only changes through these operations, never by writing the field. Each change sends
guest_status_changing inside its transaction (the badges app revokes the badges of a rejected or
cancelled guest there: the revocation list is all an offline desk knows, so that is where a
printed badge of a refused guest must show up) and guest_status_changed once committed."""
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from audit import domain as audit
from events.models import Guest, GuestStatus

from .signals import guest_status_changed, guest_status_changing, send_after_commit

S = GuestStatus
# A guest in one of these statuses may not pass any gate.
REFUSED_STATUSES = frozenset({S.REJECTED, S.CANCELLED})


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


# Not an action anyone chooses: an approved guest whose name, passport or photo is changed by their
# delegation's focal point (the portal) goes back to the office for review.
REVIEW_AGAIN = Transition("review_again", frozenset({S.APPROVED}), S.REGISTERED)


def allowed_actions(status: str) -> list[str]:
    return [action for action, t in TRANSITIONS.items() if status in t.sources]


def apply_transition(guest: Guest, action: str, *, by=None) -> Guest:
    """Move one guest along the state machine, atomically and race-free (row lock)."""
    transition = REVIEW_AGAIN if action == REVIEW_AGAIN.action else TRANSITIONS[action]
    with transaction.atomic():
        locked = Guest.objects.select_for_update().get(pk=guest.pk)
        if locked.status not in transition.sources:
            raise IllegalTransition(locked.status, action)
        now = timezone.now()
        Guest.objects.filter(pk=guest.pk).update(status=transition.target, status_changed_at=now, updated_at=now)
        audit.record(by, f"guest.{transition.target}", event=locked.event_id, obj=locked,
                     changes={"status": [locked.status, transition.target]})
        _announce([guest.pk], transition, by)
    guest.status, guest.status_changed_at = transition.target, now
    return guest


def register_guest(guest: Guest, *, by=None) -> Guest:
    return apply_transition(guest, "register", by=by)


def approve_guest(guest: Guest, *, by=None) -> Guest:
    return apply_transition(guest, "approve", by=by)


def reject_guest(guest: Guest, *, by=None) -> Guest:
    return apply_transition(guest, "reject", by=by)


def cancel_guest(guest: Guest, *, by=None) -> Guest:
    return apply_transition(guest, "cancel", by=by)


def return_for_review(guest: Guest, *, by=None) -> Guest:
    return apply_transition(guest, REVIEW_AGAIN.action, by=by)


def apply_bulk(queryset, action: str, *, by=None) -> tuple[int, int]:
    """Apply to every guest of a queryset where legal; returns (changed, skipped)."""
    transition = TRANSITIONS[action]
    with transaction.atomic():
        now = timezone.now()
        guests = list(queryset.filter(status__in=transition.sources).select_related(None).order_by()
                      .only("id", "event_id", "status", "given_name", "family_name"))
        legal = [guest.pk for guest in guests]
        changed = Guest.objects.filter(pk__in=legal).update(status=transition.target, status_changed_at=now, updated_at=now)
        for guest in guests:
            audit.record(by, f"guest.{transition.target}", event=guest.event_id, obj=guest,
                         changes={"status": [guest.status, transition.target]}, details={"bulk": True})
        if legal:
            _announce(legal, transition, by)
    return changed, queryset.count() - changed


def _announce(guest_ids: list[int], transition: Transition, by) -> None:
    guest_status_changing.send(sender=Guest, guest_ids=guest_ids, status=transition.target,
                               reason=f"Guest {transition.target}", by=by)
    send_after_commit(guest_status_changed, Guest, guest_ids=guest_ids, action=transition.action,
                      status=transition.target, by=by)
