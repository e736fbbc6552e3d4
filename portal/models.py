"""The focal-point portal: each delegation's focal point (an embassy or ministry contact, not an
organizer account) signs in by an e-mailed link and nominates the delegation's members.

Secrets (sign-in links, session keys) are stored only as keyed hashes; passport scans only encrypted."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import validate_no_nul

PORTAL_LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("fr", "Français"), ("ru", "Русский"),
                    ("es", "Español"), ("ar", "العربية")]
RTL_LANGUAGES = frozenset({"ar"})


class FocalPoint(models.Model):
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="focal_points", verbose_name=_("event"))
    delegation = models.ForeignKey("delegations.Delegation", on_delete=models.CASCADE, related_name="focal_points",
                                   verbose_name=_("delegation"))
    name = models.CharField(_("name"), max_length=200, validators=[validate_no_nul])
    email = models.EmailField(_("e-mail"), max_length=254)
    language = models.CharField(_("language"), max_length=8, choices=PORTAL_LANGUAGES, default="en")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")
        ordering = ["delegation", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["delegation", "email"], name="one_focal_point_per_email_and_delegation")]

    def __str__(self):
        return f"{self.name} <{self.email}>"


class SignInLink(models.Model):
    """One e-mailed sign-in link. Bound to the address it was sent to: if the focal point's address
    changes, the link stops working. GET never consumes it; only the confirmation POST does."""

    focal_point = models.ForeignKey(FocalPoint, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField(max_length=254, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]


class PortalSession(models.Model):
    """A signed-in focal point's session, separate from organizers' Django sessions: limited life,
    revocable by the office."""

    focal_point = models.ForeignKey(FocalPoint, on_delete=models.CASCADE, related_name="sessions")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]


class DelegationPortal(models.Model):
    """What the office allows a delegation's focal points: the guest categories they may nominate
    (empty: delegate, adviser, observer, media, interpreter, security) and the deadline after which the portal is read-only."""

    delegation = models.OneToOneField("delegations.Delegation", on_delete=models.CASCADE, related_name="portal",
                                      verbose_name=_("delegation"))
    allowed_categories = models.JSONField(_("categories the focal point may nominate"), default=list, blank=True)
    nomination_deadline = models.DateTimeField(_("nomination deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegation portal settings")
        verbose_name_plural = _("delegation portal settings")


class Nomination(models.Model):
    """A guest nominated through the portal: what the portal keeps beside the guest record."""

    guest = models.OneToOneField("events.Guest", on_delete=models.CASCADE, related_name="nomination")
    focal_point = models.ForeignKey(FocalPoint, on_delete=models.SET_NULL, null=True, related_name="nominations")
    public_reason = models.CharField(_("reason shown to the focal point"), max_length=1000, blank=True,
                                     validators=[validate_no_nul])
    approved_values = models.JSONField(default=dict, blank=True, editable=False,
                                       help_text="The reviewed fields as they were when the office last approved.")
    passport_scan = models.TextField(blank=True, editable=False, help_text="Encrypted (base64 of the file).")
    passport_scan_type = models.CharField(max_length=40, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-updated_at", "-id"]
