"""Access zones created, changed and deleted (each in a transaction, one audit entry with the diff).
The values are checked before (the serializer, the admin's form); a zone that badges carry is not
deleted: its bit in printed QR codes would be given to the next new zone."""
from django.db import transaction

from audit.domain.writes import create_recorded, delete_recorded, update_recorded
from badges.models import AccessZone
from core.errors import StateConflict


@transaction.atomic
def create_zone(event, values: dict, *, by=None, instance: AccessZone | None = None) -> AccessZone:
    """A new zone of `event` (its QR bit is the next free one); `instance`: the admin form's unsaved one."""
    zone = instance or AccessZone()
    zone.event = event
    return create_recorded(zone, values, by=by, shown=lambda shown: {**shown, "bit": zone.bit})


@transaction.atomic
def update_zone(zone: AccessZone, values: dict, *, by=None, before: dict | None = None) -> AccessZone:
    """`before`: the values before, where the caller (the admin's form) has assigned them already."""
    update_recorded(zone, values, by=by, before=before)
    return zone


@transaction.atomic
def delete_zone(zone: AccessZone, *, by=None) -> None:
    if zone.badges.exists():
        raise StateConflict("Badges carry this zone; reprint them without it first.", code="zone_in_use")
    delete_recorded(zone, by=by)
