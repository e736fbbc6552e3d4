"""Access zones created, changed and deleted (each in a transaction, one audit entry with the diff).
The values are checked before (the serializer, the admin's form); a zone that badges carry is not
deleted: its bit in printed QR codes would be given to the next new zone."""
from django.db import transaction

from audit import domain as audit
from badges.models import AccessZone
from core.errors import StateConflict
from core.saving import save_changes, save_new


def _record(by, action, zone, changes=None):
    audit.record(by, f"accesszone.{action}", event=zone.event_id, obj=zone, changes=changes)


@transaction.atomic
def create_zone(event, values: dict, *, by=None, instance: AccessZone | None = None) -> AccessZone:
    """A new zone of `event` (its QR bit is the next free one); `instance`: the admin form's unsaved one."""
    zone = instance or AccessZone()
    zone.event = event
    save_new(zone, values)
    _record(by, "created", zone, audit.created({**values, "bit": zone.bit}))
    return zone


@transaction.atomic
def update_zone(zone: AccessZone, values: dict, *, by=None, before: dict | None = None) -> AccessZone:
    """`before`: the values before, where the caller (the admin's form) has assigned them already."""
    diff = audit.changes(zone if before is None else before, values)
    save_changes(zone, values)
    if diff:
        _record(by, "changed", zone, diff)
    return zone


@transaction.atomic
def delete_zone(zone: AccessZone, *, by=None) -> None:
    if zone.badges.exists():
        raise StateConflict("Badges carry this zone; reprint them without it first.", code="zone_in_use")
    pk = zone.pk
    _record(by, "deleted", zone)
    zone.delete()
    zone.pk = pk
