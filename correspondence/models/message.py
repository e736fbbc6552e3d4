from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .template import MessageKind


class MessageState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class SelectionRun(models.Model):
    """One `POST messages/`: the drafts it makes for a selection of guests, with progress and the
    guests left out (no e-mail address…)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="message_runs", verbose_name=_("event"))
    request = models.JSONField(_("request"), default=dict)
    guest_ids = models.JSONField(default=list, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RUNNING)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    problems = models.JSONField(_("problems"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("message selection")
        verbose_name_plural = _("message selections")
        ordering = ["-id"]


class Message(models.Model):
    """One e-mail to one guest, kept for good: what was (or will be) sent, its state and its attempts.

    draft → queued → sending → sent | failed (a failed message can be retried: queued again with the
    same Message-ID); draft or queued → cancelled. A draft re-renders from its template and the guest
    record until it is queued; from then on subject and bodies are frozen."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="messages", verbose_name=_("event"))
    guest = models.ForeignKey("events.Guest", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages",
                              verbose_name=_("guest"))
    run = models.ForeignKey(SelectionRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages")
    kind = models.CharField(_("kind"), max_length=32, choices=MessageKind.choices)
    source = models.JSONField(_("free text"), default=dict, blank=True,
                              help_text=_("For free text: {language: {subject, body}}."))
    context = models.JSONField(_("context"), default=dict, blank=True)
    letters = models.JSONField(_("letters to attach"), default=list, blank=True)
    recipient_name = models.CharField(_("recipient name"), max_length=400, blank=True)
    recipient_email = models.EmailField(_("recipient e-mail"), max_length=254)
    reply_to = models.EmailField(_("reply-to"), blank=True)
    language = models.CharField(_("language"), max_length=16)
    subject = models.CharField(_("subject"), max_length=400, blank=True)
    body_text = models.TextField(_("text body"), blank=True)
    body_html = models.TextField(_("HTML body"), blank=True)
    state = models.CharField(_("state"), max_length=16, choices=MessageState.choices, default=MessageState.DRAFT, db_index=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sending_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    handed_over_at = models.DateTimeField(null=True, blank=True, editable=False,
                                          help_text="Set just before the message text goes to the server.")
    queued_at = models.DateTimeField(_("queued"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_via = models.CharField(_("delivered via"), max_length=300, blank=True,
                                     help_text=_("The SMTP server, or the .eml file of the file outbox."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-id"]
        indexes = [models.Index(fields=["event", "state"]), models.Index(fields=["event", "guest"])]

    def __str__(self):
        return f"{self.subject or self.get_kind_display()} → {self.recipient_email}"


class MessageAttachment(models.Model):
    """A file sent with a message, generated on the first send and kept for every re-send."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("message"))
    letter = models.ForeignKey("correspondence.Letter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100, default="application/pdf")
    file_name = models.CharField(max_length=300, editable=False)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]
