import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BadgeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class Badge(models.Model):
    """The one badge of a guest at an event. Reprinting bumps ``version``: only the QR code of the
    current version is valid; every older version is superseded (and listed as such in
    RevocationEntry so that offline scanners learn it)."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="badges", verbose_name=_("event"))
    guest = models.ForeignKey("events.Guest", on_delete=models.CASCADE, related_name="badges", verbose_name=_("guest"))
    version = models.PositiveIntegerField(_("version"), default=1, validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=8, choices=BadgeStatus.choices, default=BadgeStatus.ACTIVE)
    zones = models.ManyToManyField("badges.AccessZone", blank=True, related_name="badges", verbose_name=_("zones"))
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    printed_at = models.DateTimeField(_("last printed"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "guest"], name="one_badge_per_guest_and_event"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="badge_version_at_least_1"),
            models.CheckConstraint(condition=models.Q(valid_until__gt=models.F("valid_from")), name="badge_valid_until_after_from"),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return f"Badge {self.pk} v{self.version}"

    @property
    def is_active(self):
        return self.status == BadgeStatus.ACTIVE

    def save(self, *args, **kwargs):
        if self.valid_from is None or self.valid_until is None:
            default_from, default_until = default_validity(self.event)
            self.valid_from = self.valid_from or default_from
            self.valid_until = self.valid_until or default_until
        super().save(*args, **kwargs)


def default_validity(event) -> tuple[datetime.datetime, datetime.datetime]:
    """From the first day's midnight to the end of the last day, in the event's time zone."""
    tz = event.tzinfo
    start = datetime.datetime.combine(event.start_date, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(event.end_date + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


class RevocationEntry(models.Model):
    """An append-only log of badge codes that stopped being valid. Its id is the cursor offline
    scanners sync from (``id > cursor``). An entry (badge, version) invalidates that version and
    every older version of the badge. Entries stay when their badge is deleted (with its guest)."""

    class Kind(models.TextChoices):
        SUPERSEDED = "superseded", _("Superseded by a reprint")
        REVOKED = "revoked", _("Revoked")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="badge_revocations", verbose_name=_("event"))
    # No cascade and no database constraint: an entry outlives its badge (deleted with its guest),
    # since printed codes of that badge are still in the world and offline desks must refuse them.
    badge = models.ForeignKey(Badge, on_delete=models.DO_NOTHING, db_constraint=False, related_name="revocations",
                              verbose_name=_("badge"))
    version = models.PositiveIntegerField(_("invalid up to version"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("revocation entry")
        verbose_name_plural = _("revocation entries")
        ordering = ["id"]
        indexes = [models.Index(fields=["event", "id"])]

    def __str__(self):
        return f"{self.get_kind_display()}: badge {self.badge_id} ≤ v{self.version}"
