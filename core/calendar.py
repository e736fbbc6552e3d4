"""Calendar change tracking, the one place for it: what a calendar client is told changed.

- CalendarEntry (itinerary items, programme sessions): a SEQUENCE bumped when a field a
  calendar shows changes (internal notes never bump it), and ``calendar_changed_at``.
- ShownInCalendars (venues, staff, vehicles, delegations): editing what an entry shows of the
  row, or deleting the row by any path, marks those entries as changed.
- Every save or delete of either kind, and every change of their many-to-many links (who
  attends an item, which sessions a delegation attends), sends ``calendar_changed`` with the
  event's id, in the writing transaction (mark_calendar_changed). Feeds count these per event:
  a feed's freshness is that count, not a scan of the event's rows (feeds.domain.freshness).
- A deletion of many rows at once (an event with everything in it) runs inside
  ``one_calendar_change``: the marks are counted once per event, and entries that go with the
  deleted event are not marked changed one venue, car or person at a time."""
import contextlib
import contextvars
import uuid

from django.db import models, transaction
from django.db.models import F
from django.db.models.signals import class_prepared, m2m_changed, pre_delete
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Sent inside the transaction that changed what an event's calendars show; kwargs: event_id.
calendar_changed = Signal()


# Inside one_calendar_change: (the event ids marked so far, the ids of the events being deleted).
_collected = contextvars.ContextVar("calendar_changes", default=None)


def mark_calendar_changed(event_id) -> None:
    """The one way to say "the calendars of this event changed": call it inside the writing
    transaction, so that the change and what counts it commit (or roll back) together."""
    if event_id is None:
        return
    collected = _collected.get()
    if collected is not None:
        collected[0].add(event_id)
    else:
        calendar_changed.send(sender=None, event_id=event_id)


@contextlib.contextmanager
def one_calendar_change(*, deleting_event=None):
    """Inside a writing transaction: the calendar changes marked within count once per event, sent
    when the block ends (not if it raises: the transaction then rolls back). With
    `deleting_event` (an event id), the entries of that event are not marked changed by the rows
    deleted with them: they are going too. Nested blocks join the outermost one."""
    collected = _collected.get()
    if collected is not None:
        if deleting_event is not None:
            collected[1].add(deleting_event)
        yield
        return
    collected = (set(), {deleting_event} - {None})
    token = _collected.set(collected)
    try:
        yield
    finally:
        _collected.reset(token)
    for event_id in sorted(collected[0]):
        calendar_changed.send(sender=None, event_id=event_id)


def _event_being_deleted(event_id) -> bool:
    collected = _collected.get()
    return collected is not None and event_id in collected[1]


def _snapshot(instance, names):
    return tuple(getattr(instance, name) for name in names)


def _loaded_with(field_names, names) -> bool:
    return all(name in field_names or f"{name}_id" in field_names for name in names)


class CalendarEntry(models.Model):
    """Something that appears in calendar feeds: a stable UID, and a SEQUENCE bumped on every
    change a calendar client must notice (time, place, title, status, and what the description
    shows — listed per model in ``CALENDAR_FIELDS``). ``calendar_changed_at`` feeds
    DTSTAMP/LAST-MODIFIED so that unchanged data serialises byte-identically."""

    CALENDAR_FIELDS: tuple[str, ...] = ()

    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    calendar_changed_at = models.DateTimeField(_("calendar change"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def calendar_snapshot(self):
        return _snapshot(self, self.CALENDAR_FIELDS)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if _loaded_with(field_names, cls.CALENDAR_FIELDS):
            instance._calendar_snapshot = instance.calendar_snapshot()
        return instance

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_calendar_snapshot", None)
        if self.pk is not None and loaded is not None and loaded != self.calendar_snapshot():
            self.sequence += 1
            self.calendar_changed_at = timezone.now()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sequence", "calendar_changed_at"}
        with transaction.atomic():
            super().save(*args, **kwargs)
            mark_calendar_changed(self.event_id)
        self._calendar_snapshot = self.calendar_snapshot()


def bump_calendar_entries(querysets) -> None:
    """Mark calendar entries as changed (new SEQUENCE and LAST-MODIFIED), as an edit would."""
    now = timezone.now()
    for queryset in querysets:
        queryset.update(sequence=F("sequence") + 1, calendar_changed_at=now, updated_at=now)


class ShownInCalendars(models.Model):
    """A row whose details calendar entries print — a venue's name and address, a driver's phone,
    a car's plate. When one of ``SHOWN_FIELDS`` changes, or the row is deleted (by any path: see
    mark_entries_before_delete), the entries that show it (``calendar_entries()``) are marked
    changed, so that calendars and the e-mailed updates to come see a new SEQUENCE rather than
    silently different text."""

    SHOWN_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def calendar_entries(self) -> list[models.QuerySet]:
        raise NotImplementedError

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if _loaded_with(field_names, cls.SHOWN_FIELDS):
            instance._shown_snapshot = _snapshot(instance, cls.SHOWN_FIELDS)
        return instance

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_shown_snapshot", None)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if loaded is not None and loaded != _snapshot(self, self.SHOWN_FIELDS):
                bump_calendar_entries(self.calendar_entries())
            mark_calendar_changed(self.event_id)
        self._shown_snapshot = _snapshot(self, self.SHOWN_FIELDS)


def mark_entries_before_delete(sender, instance, **kwargs):
    """pre_delete of every ShownInCalendars model: also for queryset and admin bulk deletes,
    inside their transaction."""
    if not _event_being_deleted(instance.event_id):
        bump_calendar_entries(instance.calendar_entries())
    mark_calendar_changed(instance.event_id)


def mark_calendar_before_delete(sender, instance, **kwargs):
    """pre_delete of every CalendarEntry model (queryset and cascade deletes included)."""
    mark_calendar_changed(instance.event_id)


def _connect_delete_receiver(sender, **kwargs):
    # Per model, not for every model: a pre_delete receiver without a sender would stop Django's
    # fast deletes everywhere.
    if sender._meta.abstract:
        return
    if issubclass(sender, ShownInCalendars):
        pre_delete.connect(mark_entries_before_delete, sender=sender,
                           dispatch_uid=f"shown-in-calendars-{sender._meta.label}")
    elif issubclass(sender, CalendarEntry):
        pre_delete.connect(mark_calendar_before_delete, sender=sender,
                           dispatch_uid=f"calendar-entry-{sender._meta.label}")


class_prepared.connect(_connect_delete_receiver, dispatch_uid="shown-in-calendars")


def _is_calendar_model(model) -> bool:
    return isinstance(model, type) and issubclass(model, (CalendarEntry, ShownInCalendars))


def mark_calendar_on_link_change(sender, instance, action, model, pk_set, **kwargs):
    """m2m_changed: the links of a calendar row, from either side (item.guests.add(guest),
    guest.itinerary_items.remove(item), delegation.sessions.set(...))."""
    if action not in ("post_add", "post_remove", "post_clear") or (pk_set is not None and not pk_set):
        return
    if _is_calendar_model(type(instance)) or _is_calendar_model(model):
        mark_calendar_changed(getattr(instance, "event_id", None))


m2m_changed.connect(mark_calendar_on_link_change, dispatch_uid="calendar-links")


def columns_to_save(instance, names) -> list[str]:
    """The update_fields of a change to `names` (field names, many-to-many ones included): the
    columns among them and those Django sets on every save (auto_now). Saving only these never
    writes back, from what was read, a column someone else has changed since. Columns a model
    derives in save() (Guest.search_text, a calendar entry's SEQUENCE) that model's save() adds
    when their inputs are among them. Empty when nothing changes."""
    names = set(names)
    if not names:
        return []
    concrete = instance._meta.concrete_fields
    return [f.name for f in concrete if f.name in names or f.attname in names or getattr(f, "auto_now", False)]
