"""Deleting guests and events: the one place that decides who may delete what, and what a deletion
takes with it."""
from django.db import transaction

from events.domain import access
from events.domain.guest_status import revoke_badges_of
from events.models import GuestStatus

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
    from badges.models import Badge, BadgeStatus

    if guest.status != GuestStatus.APPROVED or access.has_right(user, guest.event, access.DECIDE_GUESTS):
        return None
    if not Badge.objects.filter(guest=guest, status=BadgeStatus.ACTIVE).exists():
        return None
    return DeletionRefused(
        "This guest is approved and holds an issued badge; your role may not delete such a guest. "
        "Have the guest cancelled instead.", code="guest_has_badge",
    )


def delete_guests(guests, *, by) -> int:
    """Delete these guests (an iterable of Guest) for user `by`; raises DeletionRefused (nothing
    deleted) if `by` may not delete one of them. Their badges go with them, but each badge's codes
    first go onto the revocation list, which outlives the badge: a printed badge of a deleted guest
    must be refused by offline desks too. Their photos and the printed badge sheets that show them
    are deleted once the deletion has committed. Returns how many guests were deleted."""
    from badges.domain.batches import discard_sheets_showing

    guests = list(guests)
    for guest in guests:
        refusal = guest_deletion_refusal(by, guest)
        if refusal is not None:
            raise refusal
    guest_ids = [guest.pk for guest in guests]
    with transaction.atomic():
        revoke_badges_of(guest_ids, reason="Guest deleted")
        discard_sheets_showing(guest_ids)  # printed sheets show their names and photos
        for guest in guests:
            guest.delete()  # their photos go after commit (events.signals)
    return len(guests)


def delete_event(event, *, confirm: str | None = None) -> None:
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
    event.delete()
