from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BadgeBatch(models.Model):
    """One print run: a selection of guests rendered onto one sheet PDF by a Celery task."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="badge_batches", verbose_name=_("event"))
    template = models.ForeignKey("badges.BadgeTemplate", on_delete=models.RESTRICT, related_name="batches", verbose_name=_("template"))
    selection = models.JSONField(_("selection"), default=dict)
    guest_ids = models.JSONField(_("guests"), default=list, help_text=_("The guests selected when the batch was created."))
    status = models.CharField(_("status"), max_length=8, choices=BatchStatus.choices, default=BatchStatus.QUEUED)
    total = models.PositiveIntegerField(_("badges to print"), default=0)
    done = models.PositiveIntegerField(_("badges printed"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    file_name = models.CharField(max_length=200, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(default=0, editable=False)
    attempts = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("badge batch")
        verbose_name_plural = _("badge batches")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Batch {self.pk} ({self.get_status_display()})"

    def download_path(self) -> str | None:
        """Where the printed sheet can be fetched (by authorised users), once there is one."""
        if self.status != BatchStatus.DONE or not self.file_name:
            return None
        return reverse("badge-batch-download", kwargs={"event_slug": self.event.slug, "pk": self.pk})


class PartStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")


class BadgeBatchPart(models.Model):
    """A slice of a batch's guests (whole pages), rendered by one worker into a part file; the batch's
    sheet is the parts joined in order. A worker claims a part with a token; another worker takes it
    over only once the claim's heartbeat is older than BADGE_PART_LEASE_SECONDS (the first one died)."""

    batch = models.ForeignKey(BadgeBatch, on_delete=models.CASCADE, related_name="parts")
    index = models.PositiveIntegerField()
    guest_ids = models.JSONField(default=list)
    status = models.CharField(max_length=8, choices=PartStatus.choices, default=PartStatus.PENDING)
    claim = models.CharField(max_length=32, blank=True)
    heartbeat_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    printed = models.JSONField(default=list, blank=True)  # badge ids, in sheet order
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["batch", "index"]
        constraints = [models.UniqueConstraint(fields=["batch", "index"], name="one_part_per_index")]

    def __str__(self):
        return f"Batch {self.batch_id} part {self.index} ({self.status})"
