from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.calendar import ShownInCalendars
from core.validators import validate_no_nul
from events.models import Event, Guest, GuestCategory

phone_validator = RegexValidator(r"^[0-9+()\-. ]*$", _("Digits, spaces and + ( ) - . only."))


class Staff(ShownInCalendars):
    """Someone who accompanies guests: a liaison officer, interpreter, driver… Either an organizer
    user, a guest of category liaison/interpreter, or a person known only by name."""

    class Role(models.TextChoices):
        LIAISON = "liaison", _("Liaison officer")
        INTERPRETER = "interpreter", _("Interpreter")
        DRIVER = "driver", _("Driver")
        SECURITY = "security", _("Security")
        OTHER = "other", _("Other")

    GUEST_CATEGORIES = (GuestCategory.LIAISON, GuestCategory.INTERPRETER)
    SHOWN_FIELDS = ("full_name", "chinese_name", "phone", "email")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="staff", verbose_name=_("event"))
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_no_nul])
    chinese_name = models.CharField(_("Chinese name"), max_length=200, blank=True, validators=[validate_no_nul])
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, validators=[validate_no_nul], help_text=_("e.g. Chinese, Russian, Kazakh")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("organizer user"),
    )
    guest = models.ForeignKey(
        Guest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("guest (liaison officer or interpreter)"),
    )

    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["event", "role", "full_name", "id"]

    def __str__(self):
        return f"{self.full_name} ({self.get_role_display()})"

    def calendar_entries(self):
        return [self.assigned_items()]

    def assigned_items(self):
        """Items the staff member is assigned to, including those of a vehicle they drive when the
        item names no other driver."""
        from .itinerary import ItineraryItem  # that module imports this one

        return ItineraryItem.objects.filter(
            models.Q(liaison_officer_id=self.pk) | models.Q(interpreter_id=self.pk) | models.Q(driver_id=self.pk)
            | models.Q(driver__isnull=True, vehicle__driver_id=self.pk),
            event_id=self.event_id,
        )

    def role_mismatch(self, wanted_role) -> str:
        """The error when this person is put where someone of `wanted_role` is needed, or ""."""
        if self.role == wanted_role:
            return ""
        return (f"{self.full_name} is registered as {self.get_role_display().lower()}; "
                f"this needs someone registered as {Staff.Role(wanted_role).label.lower()}.")

    def clean(self):
        errors = {}
        if self.user_id and self.event_id and not self.user.is_superuser and not self.user.event_memberships.filter(
            event_id=self.event_id
        ).exists():
            errors["user"] = _("This user is not an organizer of the event.")
        if self.guest_id and self.event_id:
            if self.guest.event_id != self.event_id:
                errors["guest"] = _("This guest belongs to another event.")
            elif self.guest.category not in self.GUEST_CATEGORIES:
                errors["guest"] = _("Only guests of category liaison officer or interpreter can be staff.")
        if errors:
            raise ValidationError(errors)
