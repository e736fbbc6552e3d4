from django.db import models
from django.utils.translation import gettext_lazy as _


class EventSigningKey(models.Model):
    """The Ed25519 key that signs an event's badge QR codes. The private key is stored encrypted
    (core.crypto.encrypt, AES-GCM bound to the event id); the public key is given to scanners."""

    event = models.OneToOneField("events.Event", on_delete=models.CASCADE, related_name="badge_signing_key", verbose_name=_("event"))
    key_id = models.CharField(_("key id"), max_length=16, editable=False)
    public_key = models.CharField(_("public key (raw, base64url)"), max_length=64, editable=False)
    private_key_encrypted = models.TextField(editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("badge signing key")
        verbose_name_plural = _("badge signing keys")

    def __str__(self):
        return f"{self.key_id} ({self.event})"
