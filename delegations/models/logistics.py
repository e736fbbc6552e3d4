from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.calendar import ShownInCalendars
from core.multilingual import MultilingualField, in_active_language
from core.validators import validate_coordinate_pair, validate_no_nul
from events.models import Event, Guest

from .staff import Staff, phone_validator


class Vehicle(ShownInCalendars):
    SHOWN_FIELDS = ("plate", "description", "driver_id")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="vehicles", verbose_name=_("event"))
    plate = models.CharField(_("plate"), max_length=20, validators=[validate_no_nul])
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Passenger seats, not counting the driver."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True, validators=[validate_no_nul])
    driver = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="vehicles", verbose_name=_("driver")
    )

    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        ordering = ["event", "plate"]
        constraints = [models.UniqueConstraint(fields=["event", "plate"], name="unique_vehicle_plate_per_event")]

    def __str__(self):
        return f"{self.plate} ({self.capacity})"

    def calendar_entries(self):
        return [self.itinerary_items.all()]

    def clean(self):
        if self.driver_id and self.event_id and self.driver.event_id != self.event_id:
            raise ValidationError({"driver": _("This staff member belongs to another event.")})


class Hotel(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="hotels", verbose_name=_("event"))
    name = MultilingualField(_("name"), max_text_length=300)
    address = models.TextField(_("address"), max_length=1000, blank=True, validators=[validate_no_nul])
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[phone_validator])
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        verbose_name = _("hotel")
        verbose_name_plural = _("hotels")
        ordering = ["event", "id"]

    def __str__(self):
        return in_active_language(self.name)

    def clean(self):
        validate_coordinate_pair(self.latitude, self.longitude)


class HotelStay(models.Model):
    hotel = models.ForeignKey(Hotel, on_delete=models.CASCADE, related_name="stays", verbose_name=_("hotel"))
    guest = models.ForeignKey(Guest, on_delete=models.CASCADE, related_name="hotel_stays", verbose_name=_("guest"))
    room_number = models.CharField(_("room number"), max_length=20, blank=True, validators=[validate_no_nul])
    check_in = models.DateField(_("check-in"))
    check_out = models.DateField(_("check-out"))
    shared_with = models.ManyToManyField(Guest, blank=True, related_name="+", verbose_name=_("shares the room with"))

    class Meta:
        verbose_name = _("hotel stay")
        verbose_name_plural = _("hotel stays")
        ordering = ["check_in", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(check_out__gt=models.F("check_in")), name="stay_check_out_after_check_in"),
        ]

    def __str__(self):
        return f"{self.guest} @ {self.hotel} {self.check_in}–{self.check_out}"

    def clean(self):
        errors = {}
        if self.check_in and self.check_out and self.check_out <= self.check_in:
            errors["check_out"] = _("Check-out must be after check-in.")
        if self.hotel_id and self.guest_id and self.hotel.event_id != self.guest.event_id:
            errors["guest"] = _("This guest belongs to another event.")
        if errors:
            raise ValidationError(errors)
