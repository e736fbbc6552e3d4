"""Deleting guests and events: the one place that decides what a deletion takes with it."""
from django.db import transaction

from events.domain.guest_status import revoke_badges_of


def delete_guests(guests) -> int:
    """Delete these guests (an iterable of Guest). Their badges go with them, but each badge's codes
    first go onto the revocation list, which outlives the badge: a printed badge of a deleted guest
    must be refused by offline desks too. Returns how many guests were deleted."""
    guests = list(guests)
    with transaction.atomic():
        revoke_badges_of([guest.pk for guest in guests], reason="Guest deleted")
        for guest in guests:
            guest.delete()
    return len(guests)
