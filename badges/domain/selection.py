"""Which guests a badge operation is for: the one definition, used by issuing and by print runs.

A selection is a dict: {"all": true} (every approved guest), or any of "guest_ids", "delegation",
"categories", "not_printed" (all given criteria apply)."""
from django.utils.translation import gettext as _

from events.models import Guest, GuestStatus


class SelectionProblem(Exception):
    """The selection cannot be used as it is; the message says why."""


def select_guests(event, selection: dict):
    """Guests matching every given criterion (all approved guests for {"all": true}).
    Explicit guest_ids may name guests who are not approved: they stay in, to be reported."""
    guests = Guest.objects.filter(event=event)
    if selection.get("guest_ids"):
        guests = guests.filter(pk__in=selection["guest_ids"])
    else:
        guests = guests.filter(status=GuestStatus.APPROVED)
    if selection.get("delegation") is not None:
        guests = guests.filter(delegation_id=selection["delegation"])
    if selection.get("categories"):
        guests = guests.filter(category__in=selection["categories"])
    if selection.get("not_printed"):
        guests = guests.exclude(badges__printed_at__isnull=False)
    return guests.order_by("delegation__name", "family_name", "given_name", "id")


def unknown_guests_message(event, guest_ids) -> str | None:
    """Why `guest_ids` cannot be used, if some of them are not guests of `event`."""
    known = set(Guest.objects.filter(event=event, pk__in=guest_ids).values_list("pk", flat=True))
    unknown = [pk for pk in guest_ids if pk not in known]
    if unknown:
        return _("Not found in this event: %(ids)s.") % {"ids": ", ".join(map(str, unknown[:20]))}
    return None


def guests_to_issue(event, selection: dict) -> list:
    """The guests a selection issues badges for, in the order given. Raises SelectionProblem when an
    explicitly named guest is unknown or not approved, or when no guest is left."""
    if selection.get("guest_ids"):
        wanted = list(dict.fromkeys(selection["guest_ids"]))
        problem = unknown_guests_message(event, wanted)
        if problem:
            raise SelectionProblem(problem)
        by_id = {guest.pk: guest for guest in select_guests(event, {**selection, "guest_ids": wanted})}
        not_approved = [guest for guest in by_id.values() if guest.status != GuestStatus.APPROVED]
        if not_approved:
            raise SelectionProblem(_("Only approved guests get badges; not approved: %(guests)s.") % {
                "guests": ", ".join(f"{g.pk} ({g.status})" for g in not_approved[:20])})
        guests = [by_id[pk] for pk in wanted if pk in by_id]
    else:
        guests = list(select_guests(event, selection))
    if not guests:
        raise SelectionProblem(_("There is no approved guest to issue a badge for."))
    return guests
