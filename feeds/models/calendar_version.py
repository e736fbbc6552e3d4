from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event


class CalendarVersion(models.Model):
    """How often the calendars of an event have changed: advanced, in the writing transaction, by
    every core.calendar.calendar_changed (feeds.domain.freshness). A feed's fingerprint reads it
    with the token, so freshness costs the same for 20 items as for 20 000."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, primary_key=True, related_name="calendar_version", verbose_name=_("event"),
    )
    version = models.PositiveBigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("calendar version")
        verbose_name_plural = _("calendar versions")

    def __str__(self):
        return f"{self.event_id}: {self.version}"
