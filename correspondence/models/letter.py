from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LetterKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation letter")
    VISA = "visa", _("Visa-support invitation letter")


class Letter(models.Model):
    """A letter issued to a guest: its reference number, what a consulate may see when it checks
    the QR code (initials, nationality, dates — never passport data) and whether it was revoked.
    The PDF itself is kept in the `letters` storage."""

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="letters", verbose_name=_("event"))
    guest = models.ForeignKey("events.Guest", on_delete=models.SET_NULL, null=True, blank=True, related_name="letters",
                              verbose_name=_("guest"))
    kind = models.CharField(_("kind"), max_length=16, choices=LetterKind.choices)
    reference = models.CharField(_("reference number"), max_length=40, unique=True)
    languages = models.JSONField(_("languages"), default=list)
    initials = models.CharField(_("guest's initials"), max_length=20)
    nationality = models.CharField(_("nationality"), max_length=2)
    visit_start = models.DateField(_("visit from"))
    visit_end = models.DateField(_("visit until"))
    file_name = models.CharField(max_length=300, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-id"]

    def __str__(self):
        return self.reference
