"""Abstract models shared by several apps."""
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CalendarEntry(models.Model):
    """Something that appears in calendar feeds: a stable UID, and a SEQUENCE bumped on every
    change a calendar client must notice (time, place, title, status — listed per model in
    ``CALENDAR_FIELDS``). ``calendar_changed_at`` feeds DTSTAMP/LAST-MODIFIED so that unchanged
    data serialises byte-identically."""

    CALENDAR_FIELDS: tuple[str, ...] = ()

    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    calendar_changed_at = models.DateTimeField(_("calendar change"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def calendar_snapshot(self):
        return tuple(getattr(self, name) for name in self.CALENDAR_FIELDS)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if all(name in field_names or f"{name}_id" in field_names for name in cls.CALENDAR_FIELDS):
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
        super().save(*args, **kwargs)
        self._calendar_snapshot = self.calendar_snapshot()
