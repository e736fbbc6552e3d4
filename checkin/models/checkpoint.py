from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.multilingual import MultilingualField, in_active_language, localized


class Direction(models.TextChoices):
    ENTRY = "entry", _("Entry")
    EXIT = "exit", _("Exit")


class CheckpointDirection(models.TextChoices):
    ENTRY = "entry", _("Entry only")
    EXIT = "exit", _("Exit only")
    BOTH = "both", _("Entry and exit (the scanner chooses)")


class Reentry(models.TextChoices):
    # Anti-passback: once inside, a second entry is refused ("already inside") until an exit
    # is scanned. Venues that do not scan exits therefore admit a single-entry badge once.
    SINGLE = "single", _("Single entry (again only after an exit scan)")
    UNLIMITED = "unlimited", _("Unlimited re-entry")


# The policy of a zone that has no ZonePolicy row.
DEFAULT_REENTRY = Reentry.UNLIMITED


class Checkpoint(models.Model):
    """A gate. Scanning a badge at an entry gate admits it into every zone of the gate that the
    badge holds; an exit scan takes the guest out of the gate's zones."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="checkpoints", verbose_name=_("event"))
    name = MultilingualField(_("name"), max_text_length=200)
    zones = models.ManyToManyField("badges.AccessZone", related_name="checkpoints", verbose_name=_("zones"))
    direction = models.CharField(
        _("direction"), max_length=8, choices=CheckpointDirection.choices, default=CheckpointDirection.ENTRY
    )
    is_active = models.BooleanField(_("open"), default=True, help_text=_("Closed gates refuse scans."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["event", "id"]

    def __str__(self):
        return in_active_language(self.name) or f"Checkpoint {self.pk}"

    def display_name(self, language=None):
        return localized(self.name, language)

    def allows(self, direction: str) -> bool:
        return self.direction in (CheckpointDirection.BOTH, direction)


class ZonePolicy(models.Model):
    """The re-entry policy of one access zone. It belongs to the zone, not to a gate, so that every
    gate into the same hall applies the same rule; a zone without a policy is unlimited."""

    zone = models.OneToOneField("badges.AccessZone", on_delete=models.CASCADE, related_name="checkin_policy",
                                verbose_name=_("zone"))
    reentry = models.CharField(_("re-entry"), max_length=10, choices=Reentry.choices, default=DEFAULT_REENTRY)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("zone re-entry policy")
        verbose_name_plural = _("zone re-entry policies")
        ordering = ["zone__event", "zone__bit"]

    def __str__(self):
        return f"{self.zone}: {self.get_reentry_display()}"

    def clean(self):
        if self.reentry not in Reentry.values:
            raise ValidationError({"reentry": _("Unknown re-entry policy.")})
