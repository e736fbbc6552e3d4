"""Creating, changing and removing itinerary items: the rules the API and the admin share."""
from __future__ import annotations

from django.db import transaction

from audit import domain as audit
from core.calendar import columns_to_save
from core.validators import timezone_names

from ..models import ItineraryItem, Staff
from .errors import DelegationRuleError
from .signals import itinerary_item_changed, send_after_commit

STAFF_ROLES = {"liaison_officer": Staff.Role.LIAISON, "interpreter": Staff.Role.INTERPRETER, "driver": Staff.Role.DRIVER}


class ItemInvalid(DelegationRuleError):
    """Bad values for an item: `errors` maps each field to its problem."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()), code="invalid")
        self.errors = errors


def default_timezone(event, venue=None) -> str:
    return venue.timezone if venue is not None else event.timezone


def item_errors(event, values: dict, guests=None) -> dict[str, str]:
    """Problems with an item's values (a dict of field → value, related objects as instances).
    Objects of another event are reported exactly like ids that do not exist."""
    errors = {}
    start, end = values.get("start"), values.get("end")
    for name in ("start", "end"):
        moment = values.get(name)
        if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
            errors[name] = "Give the time with its UTC offset, e.g. 2023-10-31T14:05:00+08:00."
    if not errors and start is not None and end is not None and end < start:
        errors["end"] = (
            f"The item ends ({end.isoformat()}) before it starts ({start.isoformat()}); both are compared as absolute "
            "instants, whatever their time zones."
        )
    for name in ("start_timezone", "end_timezone"):
        zone = values.get(name)
        if zone is not None and zone not in timezone_names():
            errors[name] = f"{str(zone)[:64]!r} is not an IANA time zone (e.g. Asia/Shanghai, Asia/Almaty)."
    for name in ("venue", "delegation", "vehicle", "programme_session", *STAFF_ROLES):
        obj = values.get(name)
        if obj is not None and obj.event_id != event.pk:
            errors[name] = f"Invalid pk \"{obj.pk}\" - object does not exist."
    for name, role in STAFF_ROLES.items():
        staff = values.get(name)
        if staff is not None and name not in errors and staff.role_mismatch(role):
            errors[name] = staff.role_mismatch(role)
    foreign = [guest.pk for guest in guests or () if guest.event_id != event.pk]
    if foreign:
        errors["guests"] = f"Invalid pk \"{foreign[0]}\" - object does not exist."
    return errors


@transaction.atomic
def save_item(event, values: dict, *, instance: ItineraryItem | None = None, guests=None, by=None,
              before: dict | None = None) -> ItineraryItem:
    """Create or update an item from `values` (field → value, related objects as instances).
    `guests` (an iterable of Guest) replaces the participants when given. Time zones default to
    the venue's (or the event's) and the end's to the start's. Raises ItemInvalid (errors per
    field) and saves nothing if anything is wrong."""
    creating = instance is None or instance.pk is None  # the admin's form gives an unsaved instance
    item = instance or ItineraryItem(event=event)
    merged = {name: getattr(item, name) for name in (
        "start", "end", "start_timezone", "end_timezone", "venue", "delegation", "vehicle", "programme_session",
        *STAFF_ROLES,
    )} if instance else {}
    merged.update(values)
    if not merged.get("start_timezone"):
        merged["start_timezone"] = default_timezone(event, merged.get("venue"))
    if not merged.get("end_timezone"):
        merged["end_timezone"] = merged["start_timezone"]
    errors = item_errors(event, merged, guests)
    if errors:
        raise ItemInvalid(errors)
    changes = {**values, **{name: merged[name] for name in ("start_timezone", "end_timezone")
                            if name in values or merged[name] != getattr(item, name)}}
    diff = audit.created(changes) if creating else audit.changes(item if before is None else before, changes)
    for name, value in changes.items():
        setattr(item, name, value)
    item.event = event
    if creating:
        item.save()
    elif changes:
        item.save(update_fields=columns_to_save(item, changes))  # never the columns it was not asked to change
    if guests is not None:
        old = set() if creating else set(item.guests.values_list("pk", flat=True))
        item.guests.set(guests)
        new = {guest.pk for guest in guests}
        if old != new:
            diff["guests"] = [sorted(old), sorted(new)]
    if creating or diff:
        audit.record(by, "item.created" if creating else "item.changed", event=event, obj=item, changes=diff)
    fields = sorted({*changes, *(["guests"] if guests is not None else [])})
    if creating or fields:
        send_after_commit(itinerary_item_changed, ItineraryItem, item=item,
                          action="created" if creating else "changed", fields=fields, by=by)
    return item


def move_item(item: ItineraryItem, *, start, end, by=None) -> ItineraryItem:
    """Reschedule an item (the same rules as any change)."""
    return save_item(item.event, {"start": start, "end": end}, instance=item, by=by)


@transaction.atomic
def cancel_item(item: ItineraryItem, *, by=None) -> ItineraryItem:
    """Keep the item, cancelled: calendars learn of it."""
    if item.status != ItineraryItem.Status.CANCELLED:
        audit.record(by, "item.cancelled", event=item.event_id, obj=item,
                     changes={"status": [item.status, ItineraryItem.Status.CANCELLED]})
        item.status = ItineraryItem.Status.CANCELLED
        item.save()
        send_after_commit(itinerary_item_changed, ItineraryItem, item=item, action="cancelled", fields=["status"], by=by)
    return item


@transaction.atomic
def delete_item(item: ItineraryItem, *, by=None) -> str:
    """A confirmed item is cancelled (kept, so calendars learn of the cancellation); a tentative
    or already cancelled one is erased. Returns "cancelled" or "deleted"."""
    if item.status == ItineraryItem.Status.CONFIRMED:
        cancel_item(item, by=by)
        return "cancelled"
    pk = item.pk
    audit.record(by, "item.deleted", event=item.event_id, obj=item)
    item.delete()
    item.pk = pk
    send_after_commit(itinerary_item_changed, ItineraryItem, item=item, action="deleted", fields=[], by=by)
    return "deleted"
