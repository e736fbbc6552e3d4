from django.db import models
from django.utils.translation import gettext_lazy as _

from backend.validators import validate_country
from events.models import Event


class Delegation(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        CITY = "city", _("City")
        THINK_TANK = "think_tank", _("Think tank")
        BUSINESS = "business", _("Business")
        MEDIA = "media", _("Media")
        INTERNATIONAL_ORG = "international_org", _("International organization")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="delegations")
    name = models.CharField(_("name"), max_length=300)
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.GOVERNMENT)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["event", "name"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="unique_delegation_name_per_event")]

    def __str__(self):
        return self.name
