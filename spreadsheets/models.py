from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Checking")
    READY = "ready", _("Ready to commit")
    FAILED = "failed", _("Cannot be imported")
    COMMITTED = "committed", _("Committed")
    EXPIRED = "expired", _("Expired")


class GuestImport(models.Model):
    """One uploaded guest list: its dry run (what each row would do, every problem found), then,
    once committed, what it did. The file itself is kept only until the commit, or a day."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="guest_imports", verbose_name=_("event"))
    delegation = models.ForeignKey(
        "delegations.Delegation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("delegation"), help_text=_("New guests join this delegation."),
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(_("size"), default=0)
    file_kind = models.CharField(_("format"), max_length=8, blank=True)
    encoding = models.CharField(_("encoding"), max_length=32, blank=True,
                                help_text=_("Of a CSV file: detected, or as given with the upload."))
    encoding_override = models.CharField(max_length=32, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=16, blank=True,
                                help_text=_("The uploader's: the language the problems are described in."))
    mapping = models.JSONField(_("column mapping"), default=list, blank=True)
    mapping_override = models.JSONField(default=dict, blank=True, editable=False)
    header_row = models.PositiveIntegerField(_("header row"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    counts = models.JSONField(_("outcome"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    rows = models.JSONField(_("rows"), default=list, blank=True)
    plan_digest = models.CharField(max_length=64, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("uploaded by"))
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    committed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("committed by"))
    committed_at = models.DateTimeField(_("committed"), null=True, blank=True)

    class Meta:
        verbose_name = _("guest import")
        verbose_name_plural = _("guest imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["event", "created_at"]), models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.original_name or 'import'} #{self.pk} ({self.get_status_display()})"
