"""One row per action of the domain: who did what to which object of which event, and which fields
changed. Append-only: nothing in the application updates or deletes a row (on PostgreSQL a trigger
refuses it, migration 0002). The event and the object are plain ids with a copy of their label, not
foreign keys, so that an entry outlives what it describes."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ActorKind(models.TextChoices):
    USER = "user", _("User")
    API_TOKEN = "api_token", _("API token")
    DESK = "desk", _("Check-in desk")
    TASK = "task", _("Background task")
    SYSTEM = "system", _("System")
    FOCAL_POINT = "focal_point", _("Focal point")


class AuditEntry(models.Model):
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)
    event_id = models.BigIntegerField(_("event id"), null=True, blank=True, editable=False)
    event_label = models.CharField(_("event"), max_length=200, blank=True, editable=False)
    actor_kind = models.CharField(_("actor kind"), max_length=16, choices=ActorKind.choices, editable=False)
    actor_id = models.CharField(_("actor id"), max_length=64, blank=True, editable=False)
    actor_label = models.CharField(_("actor"), max_length=200, blank=True, editable=False)
    object_type = models.CharField(_("object type"), max_length=40, editable=False)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True, editable=False)
    object_label = models.CharField(_("object"), max_length=300, blank=True, editable=False)
    guest_id = models.BigIntegerField(_("guest id"), null=True, blank=True, editable=False,
                                      help_text=_("The guest the object belongs to, if any."))
    action = models.CharField(_("action"), max_length=64, editable=False)
    changes = models.JSONField(_("changes"), default=dict, blank=True, editable=False,
                               help_text=_('Changed fields as {field: [before, after]}; sensitive ones as "changed".'))
    details = models.JSONField(_("details"), default=dict, blank=True, editable=False,
                               help_text=_("What else the action concerned: counts, the guests a read showed."))

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["event_id", "-created_at", "-id"], name="audit_event_time_idx"),
            models.Index(fields=["event_id", "object_type", "object_id"], name="audit_event_object_idx"),
            models.Index(fields=["event_id", "guest_id"], name="audit_event_guest_idx"),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.object_label}"
