"""Deleting guests and events: the one place that decides what a deletion takes with it."""
from django.db import transaction

from events.domain.guest_status import revoke_badges_of


def delete_guests(guests) -> int:
    """Delete these guests (an iterable of Guest). Their badges go with them, but each badge's codes
    first go onto the revocation list, which outlives the badge: a printed badge of a deleted guest
    must be refused by offline desks too. Their photos and the printed badge sheets that show them
    are deleted once the deletion has committed. Returns how many guests were deleted."""
    from badges.domain.batches import discard_sheets_showing

    guests = list(guests)
    guest_ids = [guest.pk for guest in guests]
    with transaction.atomic():
        revoke_badges_of(guest_ids, reason="Guest deleted")
        discard_sheets_showing(guest_ids)  # printed sheets show their names and photos
        for guest in guests:
            guest.delete()  # their photos go after commit (events.signals)
    return len(guests)
