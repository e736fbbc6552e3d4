from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.multilingual import MultilingualField, localized

# The QR payload carries the zones as a 32-bit mask, so an event has at most 32 zones.
MAX_ZONES_PER_EVENT = 32

zone_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9_-]{0,15}$", _("1–16 upper-case letters, digits, '_' or '-', e.g. PLENARY.")
)
colour_validator = RegexValidator(r"^#[0-9A-Fa-f]{6}$", _("A colour as #RRGGBB."))


class AccessZone(models.Model):
    """A place a badge may open: ALL, PLENARY, VIP lounge, PRESS centre…"""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="access_zones", verbose_name=_("event"))
    code = models.CharField(_("code"), max_length=16, validators=[zone_code_validator])
    name = MultilingualField(_("name"), max_text_length=200)
    colour = models.CharField(_("colour"), max_length=7, default="#444444", validators=[colour_validator])
    # Position of this zone in the QR payload's zone mask (0–31); assigned on creation, never reused
    # while the zone exists, so codes already printed keep their meaning.
    bit = models.PositiveSmallIntegerField(_("QR bit"), editable=False)
    default_for_all = models.BooleanField(
        _("given to every badge"), default=False, help_text=_("Every newly issued badge gets this zone.")
    )
    default_categories = models.JSONField(
        _("given to categories"), default=list, blank=True,
        help_text=_("Guest categories whose newly issued badges get this zone."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("access zone")
        verbose_name_plural = _("access zones")
        ordering = ["event", "bit"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="unique_zone_code_per_event"),
            models.UniqueConstraint(fields=["event", "bit"], name="unique_zone_bit_per_event"),
            models.CheckConstraint(condition=models.Q(bit__lt=MAX_ZONES_PER_EVENT), name="zone_bit_below_32"),
        ]

    def __str__(self):
        return self.code

    def display_name(self, language=None):
        return localized(self.name, language) or self.code

    def is_default_for(self, category: str) -> bool:
        return self.default_for_all or category in (self.default_categories or [])

    def save(self, *args, **kwargs):
        if self.bit is None:
            self.bit = next_free_zone_bit(self.event_id)
        super().save(*args, **kwargs)


class NoFreeZoneBit(Exception):
    pass


def next_free_zone_bit(event_id) -> int:
    used = set(AccessZone.objects.filter(event_id=event_id).values_list("bit", flat=True))
    for bit in range(MAX_ZONES_PER_EVENT):
        if bit not in used:
            return bit
    raise NoFreeZoneBit(f"An event can have at most {MAX_ZONES_PER_EVENT} access zones.")
