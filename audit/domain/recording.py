"""The one way to write the audit trail: `record(by, action, ...)`, called by the domain operations
inside their own transaction (an action that rolls back leaves no entry, an entry without its action
cannot exist). `record_many` writes one entry per object of a bulk action in one INSERT."""
from django.conf import settings

from audit.models import AuditEntry

from .actors import as_actor
from .diff import redacted


def recording() -> bool:
    """Off only where a benchmark measures what recording costs (settings.AUDIT_RECORDING)."""
    return getattr(settings, "AUDIT_RECORDING", True)


def _event(event):
    if event is None:
        return None, ""
    if isinstance(event, int):
        return event, ""
    return event.pk, str(event)[:200]


def _object(obj, object_type, object_id, object_label, guest_id):
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = obj.pk if object_id is None else object_id
        object_label = str(obj) if object_label is None else object_label
        if guest_id is None:
            guest_id = obj.pk if object_type == "guest" else getattr(obj, "guest_id", None)
    return object_type or "", object_id, (object_label or "")[:300], guest_id


def entry(by, action, *, event=None, obj=None, object_type=None, object_id=None, object_label=None, guest_id=None,
          changes=None, details=None) -> AuditEntry:
    """An unsaved entry (see record)."""
    actor = as_actor(by)
    event_id, event_label = _event(event)
    object_type, object_id, object_label, guest_id = _object(obj, object_type, object_id, object_label, guest_id)
    return AuditEntry(
        event_id=event_id, event_label=event_label, actor_kind=actor.kind, actor_id=actor.id[:64],
        actor_label=actor.label[:200], object_type=object_type[:40], object_id=object_id, object_label=object_label,
        guest_id=guest_id, action=action, changes=redacted(changes), details=redacted(details),
    )


def _save(item):
    item.save(force_insert=True)


def record(by, action: str, **what) -> AuditEntry | None:
    """Record one action. `by`: an Actor, a user or None (the system); `action`: a namespaced code
    (`guest.approved`); `event`: the Event (or its id); `obj`: the object acted on (its type, id and
    label are taken from it unless given); `changes`: {field: [before, after]} (audit.domain.diff);
    `details`: anything else worth keeping (counts, which guests a read showed)."""
    item = pending(by, action, **what)
    if item is not None:
        _save(item)
    return item


def pending(by, action: str, **what) -> AuditEntry | None:
    """The entry record() would write, unsaved, for an operation that writes it in its own statement
    in the same transaction (the gate's: checkin.domain.gate_sql.write); None when not recording."""
    return entry(by, action, **what) if recording() else None


def record_many(by, action: str, objects, **what) -> int:
    """One entry per object (a bulk action), in one INSERT; `what` as for record, shared by all."""
    if not recording():
        return 0
    items = [entry(by, action, obj=obj, **what) for obj in objects]
    AuditEntry.objects.bulk_create(items)
    return len(items)
