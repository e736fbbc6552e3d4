from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .checkpoint import Direction


class ScanResult(models.TextChoices):
    OK = "ok", _("OK")
    ALREADY_INSIDE = "already_inside", _("Already inside")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded by a reprint")
    INVALID = "invalid", _("Invalid code")
    WRONG_EVENT = "wrong_event", _("Badge of another event")
    ZONE_DENIED = "zone_denied", _("No access to this zone")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")
    EXPIRED = "expired", _("Expired")
    NOT_APPROVED = "not_approved", _("Guest not approved")


class Scan(models.Model):
    """Every scan at a gate, whatever its result: who scanned, where, when, and the answer given.
    ``nonce`` (unique per event) makes retries and offline re-uploads idempotent."""

    # No index of their own: event and checkpoint lead the indexes and the constraint below, which serve
    # their lookups; every scan inserts a row, and each index more is written on each one.
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="checkin_scans", verbose_name=_("event"),
                              db_index=False)
    checkpoint = models.ForeignKey("checkin.Checkpoint", on_delete=models.RESTRICT, related_name="scans",
                                   verbose_name=_("checkpoint"), db_index=False)
    nonce = models.CharField(_("nonce"), max_length=64)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices)
    result = models.CharField(_("result"), max_length=16, choices=ScanResult.choices)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    badge = models.ForeignKey("badges.Badge", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("badge"))
    badge_version = models.PositiveIntegerField(null=True, blank=True)
    guest = models.ForeignKey("events.Guest", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="checkin_scans", verbose_name=_("guest"))
    # SHA-256 of the scanned text: enough to tell a replayed nonce from a reused one, without
    # storing whatever garbage a scanner may send.
    code_digest = models.CharField(max_length=64)
    scanned_at = models.DateTimeField(_("scanned at"), help_text=_("When the gate scanned (device clock for offline scans)."))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    offline = models.BooleanField(_("uploaded from offline"), default=False)
    scanned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("scanned by"))
    response = models.JSONField(default=dict, editable=False)

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["-scanned_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event", "nonce"], name="one_scan_per_event_and_nonce")]
        indexes = [
            models.Index(fields=["event", "result", "direction", "scanned_at"]),
            models.Index(fields=["checkpoint", "scanned_at"]),
        ]

    def __str__(self):
        return f"{self.get_result_display()} @ {self.checkpoint_id} ({self.scanned_at:%Y-%m-%d %H:%M:%S})"


class ZonePresence(models.Model):
    """Whether a guest is inside a zone now; the row the scan service locks (SELECT … FOR UPDATE)
    so that two gates cannot both admit a single-entry badge."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+", verbose_name=_("event"))
    # No index of their own: guest leads the unique constraint, zone the (zone, inside) index.
    guest = models.ForeignKey("events.Guest", on_delete=models.CASCADE, related_name="zone_presences", verbose_name=_("guest"),
                              db_index=False)
    zone = models.ForeignKey("badges.AccessZone", on_delete=models.CASCADE, related_name="presences", verbose_name=_("zone"),
                             db_index=False)
    inside = models.BooleanField(default=False)
    entries = models.PositiveIntegerField(default=0)
    first_entry_at = models.DateTimeField(null=True, blank=True)
    last_entry_at = models.DateTimeField(null=True, blank=True)
    last_exit_at = models.DateTimeField(null=True, blank=True)
    last_checkpoint = models.ForeignKey("checkin.Checkpoint", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("last checkpoint"))

    class Meta:
        verbose_name = _("zone presence")
        verbose_name_plural = _("zone presences")
        constraints = [models.UniqueConstraint(fields=["guest", "zone"], name="one_presence_per_guest_and_zone")]
        indexes = [models.Index(fields=["zone", "inside"])]

    def __str__(self):
        return f"guest {self.guest_id} {'in' if self.inside else 'out of'} {self.zone_id}"

    @property
    def last_change_at(self):
        times = [t for t in (self.last_entry_at, self.last_exit_at) if t]
        return max(times) if times else None
