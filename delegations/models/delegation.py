from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.calendar import ShownInCalendars
from core.multilingual import CONTENT_LANGUAGES
from core.validators import validate_country, validate_no_nul
from events.models import Event


class Delegation(ShownInCalendars):
    """A group of guests travelling together. Members are guests whose `delegation` points here
    (a guest is in at most one delegation); change membership through
    delegations.domain.membership so that the quota and head-of-delegation rules hold."""

    SHOWN_FIELDS = ("name",)  # staff and vehicle feeds name the delegation of each item

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        CITY = "city", _("City")
        THINK_TANK = "think_tank", _("Think tank")
        BUSINESS = "business", _("Business")
        MEDIA = "media", _("Media")
        INTERNATIONAL_ORG = "international_org", _("International organization")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("event"))
    name = models.CharField(_("name"), max_length=300, validators=[validate_no_nul])
    country = models.CharField(_("country"), max_length=2, validators=[validate_country])
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.GOVERNMENT)
    language = models.CharField(
        _("working language"), max_length=16, choices=CONTENT_LANGUAGES, blank=True,
        help_text=_("The booklet is printed in Chinese and this language if it is English or Russian, else in Chinese and English."),
    )
    quota = models.PositiveIntegerField(
        _("size quota"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text=_("Most members allowed; empty means no limit."),
    )
    head = models.ForeignKey(
        "events.Guest", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("head of delegation"),
    )
    liaison_officer = models.ForeignKey(
        "delegations.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("liaison officer"),
    )
    interpreter = models.ForeignKey(
        "delegations.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("interpreter"),
    )
    sessions = models.ManyToManyField(
        "events.ProgrammeSession", blank=True, related_name="delegations", verbose_name=_("programme sessions attended"),
    )
    precedence_override = models.IntegerField(
        _("precedence position"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10_000)],
        help_text=_("Places the delegation by hand at this position (1 = first) in the protocol order; a number "
                    "past the end places it last. Empty: ordered by country name."),
    )
    public_notes = models.TextField(_("public notes"), max_length=5000, blank=True, validators=[validate_no_nul])
    internal_notes = models.TextField(
        _("internal notes"), max_length=5000, blank=True, validators=[validate_no_nul],
        help_text=_("Never shown in feeds, booklets or exports."),
    )

    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["event", "name"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="unique_delegation_name_per_event")]

    def calendar_entries(self):
        return [self.itinerary_items.all()]

    def __str__(self):
        return self.name
