"""Deleting guests and events: the one place that decides who may delete what, and what a deletion
takes with it."""
from django.db import transaction

from audit import domain as audit
from core.calendar import one_calendar_change
from events.domain import access
from events.models import Guest, GuestStatus

from .signals import event_deleted, guests_deleted, guests_deleting, guests_holding_passes, send_after_commit

# Deleting an event deletes everything in it: owners only, as managing its members is.
EVENT_DELETION_RIGHT = access.MANAGE_MEMBERS


class DeletionRefused(Exception):
    code = "deletion_refused"

    def __init__(self, message, code=None):
        super().__init__(message)
        self.code = code or self.code


class ConfirmationRequired(DeletionRefused):
    code = "confirmation_required"


class WrongConfirmation(ValueError):
    """The confirmation given is not the event's slug."""


def guest_deletion_refusal(user, guest) -> DeletionRefused | None:
    """Why `user` may not delete `guest`, or None. An approved guest whose badge is out there can
    only go through a cancellation by someone who may decide on guests: the registration role may
    delete records it keys in, not the record of who holds a badge that opens gates."""
    if guest.status != GuestStatus.APPROVED or access.has_right(user, guest.event, access.DECIDE_GUESTS):
        return None
    if not holds_pass(guest):
        return None
    return DeletionRefused(
        "This guest is approved and holds an issued badge; your role may not delete such a guest. "
        "Have the guest cancelled instead.", code="guest_has_badge",
    )


def holds_pass(guest) -> bool:
    """Whether the guest holds a pass that opens gates (the badges app answers)."""
    answers = guests_holding_passes.send(sender=Guest, guest_ids=[guest.pk])
    return any(guest.pk in holders for _receiver, holders in answers)


def delete_guests(guests, *, by) -> int:
    """Delete these guests (an iterable of Guest) for user `by`; raises DeletionRefused (nothing
    deleted) if `by` may not delete one of them. Their badges go with them, but each badge's codes
    first go onto the revocation list, which outlives the badge: a printed badge of a deleted guest
    must be refused by offline desks too (the badges app does both on guests_deleting). Their photos
    and the printed badge sheets that show them are deleted once the deletion has committed.
    Returns how many guests were deleted."""
    guests = list(guests)
    for guest in guests:
        refusal = guest_deletion_refusal(audit.user_of(by), guest)
        if refusal is not None:
            raise refusal
    guest_ids = [guest.pk for guest in guests]
    if not guests:
        return 0
    with transaction.atomic():
        guests_deleting.send(sender=Guest, guest_ids=guest_ids, reason="Guest deleted", by=by)
        with one_calendar_change():  # the feeds count one change, not one per guest
            for guest in guests:
                audit.record(by, "guest.deleted", event=guest.event_id, obj=guest)
                guest.delete()  # their photos go after commit (events.signals)
        send_after_commit(guests_deleted, Guest, guest_ids=guest_ids, event_id=guests[0].event_id, by=by)
    return len(guests)


def delete_event(event, *, confirm: str | None = None, by=None) -> None:
    """Delete the event and everything in it (guests, badges, scans, files). An event with guests
    is deleted only with `confirm` = its slug, so that no single call deletes it by mistake;
    archiving it (status "archived") keeps everything instead. Raises ConfirmationRequired when
    the confirmation is missing, WrongConfirmation when it is not the slug."""
    if confirm is not None and confirm != event.slug:
        raise WrongConfirmation(f"To confirm, give the event's slug: {event.slug}.")
    if confirm is None:
        guests = event.guests.count()
        if guests:
            raise ConfirmationRequired(
                f"This event has {guests} guest(s); deleting it deletes them with their badges, scans and files. "
                f"Archive it instead, or confirm with ?confirm={event.slug}."
            )
    with transaction.atomic():
        event_id, slug = event.pk, event.slug
        audit.record(by, "event.deleted", event=event, obj=event, details={"guests": event.guests.count()})
        with one_calendar_change(deleting_event=event_id):  # once, not once per item, car, person
            event.delete()
        send_after_commit(event_deleted, type(event), event_id=event_id, slug=slug, by=by)
