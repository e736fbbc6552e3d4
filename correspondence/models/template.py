from django.db import models
from django.utils.translation import gettext_lazy as _

from core.multilingual import MultilingualField


class MessageKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    DATA_REQUEST = "data_request", _("Request for data")
    REGISTRATION_CONFIRMATION = "registration_confirmation", _("Registration confirmation")
    APPROVAL = "approval", _("Approval")
    REJECTION = "rejection", _("Rejection")
    VISA_LETTER_COVER = "visa_letter_cover", _("Visa letter cover")
    PROGRAMME_UPDATE = "programme_update", _("Programme update")
    FREE_TEXT = "free_text", _("Free text")


class MessageTemplate(models.Model):
    """An event's own wording of one kind of message, per language:
    ``texts = {"en": {"subject": "…", "body": "…"}, "zh-hans": {…}}``. Without one, the shipped
    defaults (correspondence.domain.defaults) are used. Placeholders are checked when saved."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="message_templates", verbose_name=_("event"))
    kind = models.CharField(_("kind"), max_length=32, choices=MessageKind.choices)
    texts = models.JSONField(_("texts"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["event", "kind"]
        constraints = [models.UniqueConstraint(fields=["event", "kind"], name="one_message_template_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} @ {self.event.slug}"


class EventMailSettings(models.Model):
    """Per event: where replies go, and the letterhead printed on letters."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="mail_settings", verbose_name=_("event"))
    reply_to = models.EmailField(_("reply-to address"), blank=True)
    letterhead = MultilingualField(_("letterhead"), max_text_length=300, required=False)
    address = models.CharField(_("address on letters"), max_length=300, blank=True)
    signatory = MultilingualField(_("signatory"), max_text_length=300, required=False)

    class Meta:
        verbose_name = _("mail settings")
        verbose_name_plural = _("mail settings")

    def __str__(self):
        return str(self.event)
