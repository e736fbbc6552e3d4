from django.db import models
from django.utils.translation import gettext_lazy as _

from core.calendar import CalendarEntry
from core.multilingual import MultilingualField, in_active_language
from core.validators import validate_no_nul, validate_timezone
from events.models import Event, Guest, ProgrammeSession, Venue
from events.models.guest import flight_number

from .delegation import Delegation
from .logistics import Vehicle
from .staff import Staff


class ItineraryItem(CalendarEntry):
    """One entry of someone's schedule: a flight, a transfer, a meeting… Start and end are aware
    datetimes, each shown in its own IANA zone (a flight leaves in one zone and lands in another).
    Validation lives in delegations.domain.items (used by the API and the admin)."""

    CALENDAR_FIELDS = (
        "title", "description", "start", "end", "start_timezone", "end_timezone", "venue_id",
        "location_text", "location_address", "status",
        # shown in the description: a new flight or car matters as much as a new time
        "flight_number", "terminal", "vehicle_id", "driver_id", "liaison_officer_id", "interpreter_id",
    )

    class Kind(models.TextChoices):
        ARRIVAL = "arrival", _("Arrival")
        DEPARTURE = "departure", _("Departure")
        TRANSFER = "transfer", _("Transfer")
        MEETING = "meeting", _("Meeting")
        BILATERAL = "bilateral", _("Bilateral meeting")
        SITE_VISIT = "site_visit", _("Site visit")
        BANQUET = "banquet", _("Banquet")
        PROGRAMME_SESSION = "programme_session", _("Programme session")
        HOTEL = "hotel", _("Hotel")
        FREE_TIME = "free_time", _("Free time")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        TENTATIVE = "tentative", _("Tentative")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="itinerary_items", verbose_name=_("event"))
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.OTHER)
    title = MultilingualField(_("title"), max_text_length=500)
    description = MultilingualField(_("description"), max_text_length=5000, required=False)
    internal_notes = models.TextField(
        _("internal notes"), max_length=5000, blank=True, validators=[validate_no_nul],
        help_text=_("Never published in feeds or booklets."),
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    start_timezone = models.CharField(_("start time zone"), max_length=64, validators=[validate_timezone])
    end_timezone = models.CharField(_("end time zone"), max_length=64, validators=[validate_timezone])
    venue = models.ForeignKey(Venue, on_delete=models.RESTRICT, null=True, blank=True, related_name="itinerary_items", verbose_name=_("venue"))
    location_text = models.CharField(_("place"), max_length=300, blank=True, validators=[validate_no_nul])
    location_address = models.TextField(_("address"), max_length=1000, blank=True, validators=[validate_no_nul])
    # RESTRICT: a delegation with a schedule is not deleted by accident (confirmed items must be
    # cancelled, not erased, so that calendars learn of it).
    delegation = models.ForeignKey(
        Delegation, on_delete=models.RESTRICT, null=True, blank=True, related_name="itinerary_items",
        verbose_name=_("delegation (all members)"),
    )
    guests = models.ManyToManyField(Guest, blank=True, related_name="itinerary_items", verbose_name=_("guests"))
    liaison_officer = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("liaison officer")
    )
    interpreter = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("interpreter")
    )
    driver = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("driver")
    )
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.SET_NULL, null=True, blank=True, related_name="itinerary_items", verbose_name=_("vehicle")
    )
    flight_number = models.CharField(_("flight number"), max_length=12, blank=True, validators=[flight_number])
    terminal = models.CharField(_("terminal"), max_length=20, blank=True, validators=[validate_no_nul])
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.TENTATIVE)
    programme_session = models.ForeignKey(
        ProgrammeSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="itinerary_items",
        verbose_name=_("programme session"),
    )

    class Meta:
        verbose_name = _("itinerary item")
        verbose_name_plural = _("itinerary items")
        ordering = ["start", "id"]
        # (event, updated_at) serves the item list's ?ordering=updated_at (EXPLAIN on PostgreSQL).
        indexes = [models.Index(fields=["event", "start"]), models.Index(fields=["event", "updated_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="itinerary_item_end_not_before_start"),
        ]

    def __str__(self):
        return in_active_language(self.title)
