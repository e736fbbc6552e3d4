from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.multilingual import CONTENT_LANGUAGES
from core.validators import validate_no_nul
from events.models import Event


class FeedScope(models.TextChoices):
    PROGRAMME = "programme", _("Event programme")
    DELEGATION = "delegation", _("Delegation itinerary")
    GUEST = "guest", _("Guest's personal itinerary")
    STAFF = "staff", _("Staff member's assignments")
    VEHICLE = "vehicle", _("Vehicle's assignments")


# The foreign key each scope needs; the others stay empty.
SCOPE_FIELDS = {
    FeedScope.PROGRAMME: None,
    FeedScope.DELEGATION: "delegation",
    FeedScope.GUEST: "guest",
    FeedScope.STAFF: "staff",
    FeedScope.VEHICLE: "vehicle",
}


def _scope_constraint():
    condition = None
    for scope, needed in SCOPE_FIELDS.items():
        part = models.Q(scope=scope)
        for field in filter(None, SCOPE_FIELDS.values()):
            part &= models.Q(**{f"{field}__isnull": field != needed})
        condition = part if condition is None else condition | part
    return condition


class FeedToken(models.Model):
    """A secret calendar-subscription URL (/ical/{token}.ics) for one scope in one language.

    The token (256 random bits) is stored twice, never in clear: a SHA-256 hash that requests
    are looked up by, and a copy encrypted with FIELD_ENCRYPTION_KEY (core.crypto) so that
    organizers can show the URL again to the guest it belongs to. See feeds.domain.tokens."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feed_tokens", verbose_name=_("event"))
    scope = models.CharField(_("scope"), max_length=16, choices=FeedScope.choices)
    delegation = models.ForeignKey(
        "delegations.Delegation", on_delete=models.CASCADE, null=True, blank=True, related_name="feed_tokens",
        verbose_name=_("delegation"),
    )
    guest = models.ForeignKey("events.Guest", on_delete=models.CASCADE, null=True, blank=True, related_name="feed_tokens", verbose_name=_("guest"))
    staff = models.ForeignKey("delegations.Staff", on_delete=models.CASCADE, null=True, blank=True, related_name="feed_tokens", verbose_name=_("staff"))
    vehicle = models.ForeignKey(
        "delegations.Vehicle", on_delete=models.CASCADE, null=True, blank=True, related_name="feed_tokens",
        verbose_name=_("vehicle"),
    )
    language = models.CharField(_("language"), max_length=16, choices=CONTENT_LANGUAGES)
    label = models.CharField(_("label"), max_length=200, blank=True, validators=[validate_no_nul])
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_encrypted = models.TextField(editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    rotated_at = models.DateTimeField(_("rotated"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    # What was last served: the fingerprint of the data it came from, its ETag and when its bytes
    # last changed (Last-Modified). Lets a conditional request be answered without building.
    body_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    body_etag = models.CharField(max_length=80, blank=True, editable=False)
    body_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["event", "scope", "id"]
        constraints = [models.CheckConstraint(condition=_scope_constraint(), name="feed_token_scope_matches_target")]
        indexes = [models.Index(fields=["event", "scope"])]

    def __str__(self):
        return f"{self.get_scope_display()} ({self.language}) #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def target(self):
        field = SCOPE_FIELDS[self.scope]
        return getattr(self, field) if field else None
