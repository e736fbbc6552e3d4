"""Checkpoints (gates) created, changed and deleted (each in a transaction, one audit entry with the
diff; the gate's zones appear in it as lists of zone ids). The values are checked before (the
serializer, the admin's form); a gate with recorded scans is closed, not deleted."""
from django.db import transaction

from audit import domain as audit
from checkin.models import Checkpoint
from core.errors import StateConflict
from core.saving import save_changes, save_new


def _ids(values: dict) -> dict:
    """The values as the trail compares them: the zones as their sorted ids."""
    if "zones" not in values:
        return values
    return {**values, "zones": sorted(getattr(zone, "pk", zone) for zone in values["zones"] or [])}


def _record(by, action, checkpoint, changes=None):
    audit.record(by, f"checkpoint.{action}", event=checkpoint.event_id, obj=checkpoint, changes=changes)


@transaction.atomic
def create_checkpoint(event, values: dict, *, by=None, instance: Checkpoint | None = None) -> Checkpoint:
    """A new gate of `event`; `instance`: the admin form's unsaved one."""
    checkpoint = instance or Checkpoint()
    checkpoint.event = event
    save_new(checkpoint, values)
    _record(by, "created", checkpoint, audit.created(_ids(values)))
    return checkpoint


@transaction.atomic
def update_checkpoint(checkpoint: Checkpoint, values: dict, *, by=None, before: dict | None = None) -> Checkpoint:
    """`before`: the values before, where the caller (the admin's form) has assigned them already."""
    if before is None:
        before = {name: getattr(checkpoint, name) for name in values}
        if "zones" in values:
            before["zones"] = list(checkpoint.zones.all())
    diff = audit.changes(_ids(before), _ids(values))
    save_changes(checkpoint, values)
    if diff:
        _record(by, "changed", checkpoint, diff)
    return checkpoint


@transaction.atomic
def delete_checkpoint(checkpoint: Checkpoint, *, by=None) -> None:
    if checkpoint.scans.exists():
        raise StateConflict("This checkpoint has recorded scans; close it (is_active=false) instead.",
                            code="checkpoint_has_scans")
    pk = checkpoint.pk
    _record(by, "deleted", checkpoint)
    checkpoint.delete()
    checkpoint.pk = pk
