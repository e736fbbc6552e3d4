"""The plain create, change and delete of one row, saved and recorded in one go: one entry whose
action is the model's name (`vehicle.changed`, `accesszone.deleted`). Callers hold the transaction
and keep their own rules; `shown` turns values into what the trail compares (a gate's zones as ids)."""
from core.saving import save_changes, save_new

from .diff import changes, created
from .recording import record


def _same(values):
    return values


def _record(by, action, instance, **what):
    return record(by, f"{instance._meta.model_name}.{action}", event=getattr(instance, "event_id", None),
                  obj=instance, **what)


def create_recorded(instance, values: dict, *, by=None, shown=_same):
    save_new(instance, values)
    _record(by, "created", instance, changes=created(shown(values)))
    return instance


def update_recorded(instance, values: dict, *, by=None, before=None, shown=_same) -> dict:
    """`before`: the values before, where the caller (the admin's form) has assigned them already.
    Returns the diff (empty when nothing changed, and then nothing is recorded)."""
    diff = changes(shown(instance if before is None else before), shown(values))
    save_changes(instance, values)
    if diff:
        _record(by, "changed", instance, changes=diff)
    return diff


def save_changed(instance, values: dict, *, before=None) -> dict | None:
    """For an operation that records its own entry: what writing `values` changes (`before` as for
    update_recorded), then the values saved, only their columns (core.saving.save_changes). Returns
    that diff, or None when no column was written (and then the operation records and signals nothing)."""
    diff = changes(instance if before is None else before, values)
    return diff if save_changes(instance, values) else None


def delete_recorded(instance, *, by=None) -> None:
    """Recorded first (the entry keeps the label), then deleted; `instance.pk` stays for signals."""
    pk = instance.pk
    _record(by, "deleted", instance)
    instance.delete()
    instance.pk = pk
