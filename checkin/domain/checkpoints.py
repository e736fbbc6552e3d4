"""Checkpoints (gates) created, changed and deleted (each in a transaction, one audit entry with the
diff; the gate's zones appear in it as lists of zone ids). The values are checked before (the
serializer, the admin's form); a gate with recorded scans is closed, not deleted."""
from django.db import transaction

from audit.domain.writes import create_recorded, delete_recorded, update_recorded
from checkin.models import Checkpoint
from core.errors import StateConflict


def _ids(values: dict) -> dict:
    """The values as the trail compares them: the zones as their sorted ids."""
    if "zones" not in values:
        return values
    return {**values, "zones": sorted(getattr(zone, "pk", zone) for zone in values["zones"] or [])}


@transaction.atomic
def create_checkpoint(event, values: dict, *, by=None, instance: Checkpoint | None = None) -> Checkpoint:
    """A new gate of `event`; `instance`: the admin form's unsaved one."""
    checkpoint = instance or Checkpoint()
    checkpoint.event = event
    return create_recorded(checkpoint, values, by=by, shown=_ids)


@transaction.atomic
def update_checkpoint(checkpoint: Checkpoint, values: dict, *, by=None, before: dict | None = None) -> Checkpoint:
    """`before`: the values before, where the caller (the admin's form) has assigned them already."""
    if before is None:
        before = {name: getattr(checkpoint, name) for name in values}
        if "zones" in values:
            before["zones"] = list(checkpoint.zones.all())
    update_recorded(checkpoint, values, by=by, before=before, shown=_ids)
    return checkpoint


@transaction.atomic
def delete_checkpoint(checkpoint: Checkpoint, *, by=None) -> None:
    if checkpoint.scans.exists():
        raise StateConflict("This checkpoint has recorded scans; close it (is_active=false) instead.",
                            code="checkpoint_has_scans")
    delete_recorded(checkpoint, by=by)
