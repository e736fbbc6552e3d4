from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.calendar import CalendarEntry, ShownInCalendars
from core.multilingual import MultilingualField, in_active_language
from core.validators import validate_coordinate_pair, validate_timezone

from .event import Event


class Venue(ShownInCalendars):
    SHOWN_FIELDS = ("name", "address", "timezone", "latitude", "longitude")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="venues", verbose_name=_("event"))
    name = MultilingualField(_("name"), max_text_length=300)
    address = models.TextField(_("address"), max_length=1000, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_timezone])
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["event", "id"]

    def calendar_entries(self):
        return [self.sessions.all(), self.itinerary_items.all()]

    def __str__(self):
        return in_active_language(self.name)

    def clean(self):
        validate_coordinate_pair(self.latitude, self.longitude)


class SessionKind(models.TextChoices):
    PLENARY = "plenary", _("Plenary")
    PANEL = "panel", _("Panel")
    CEREMONY = "ceremony", _("Ceremony")
    BANQUET = "banquet", _("Banquet")
    VISIT = "visit", _("Visit")
    PRESS = "press", _("Press")
    OTHER = "other", _("Other")


class ProgrammeSession(CalendarEntry):
    CALENDAR_FIELDS = ("title", "description", "start", "end", "venue_id", "is_cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event"))
    title = MultilingualField(_("title"), max_text_length=500)
    description = MultilingualField(_("description"), max_text_length=5000, required=False)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    venue = models.ForeignKey(Venue, on_delete=models.RESTRICT, null=True, blank=True, related_name="sessions", verbose_name=_("venue"))
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices, default=SessionKind.OTHER)
    invited_categories = models.JSONField(
        _("invited guest categories"), default=list, blank=True,
        help_text=_("Guest categories invited to this session; empty means everyone."),
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        verbose_name = _("programme session")
        verbose_name_plural = _("programme sessions")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="session_end_after_start"),
        ]

    def __str__(self):
        return in_active_language(self.title)

    def clean(self):
        from .guest import GuestCategory

        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The session must end after it starts.")
        if self.venue_id and self.event_id and self.venue.event_id != self.event_id:
            errors["venue"] = _("This venue belongs to another event.")
        if not isinstance(self.invited_categories, list) or any(
            c not in GuestCategory.values for c in self.invited_categories
        ):
            errors["invited_categories"] = _("Must be a list of guest categories.")
        if errors:
            raise ValidationError(errors)

    def invites(self, category: str) -> bool:
        return not self.invited_categories or category in self.invited_categories
