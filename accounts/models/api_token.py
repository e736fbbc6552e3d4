from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import validate_no_nul


class ApiToken(models.Model):
    """A key for the API (`Authorization: Token <key>`), owned by one user.

    The key itself is never stored: only its SHA-256 digest, which requests are looked up by, and
    its first characters (`prefix`), which identify it in lists. See accounts.domain.tokens."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, blank=True, validators=[validate_no_nul])
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["user", "-created_at", "-id"]

    def __str__(self):
        return f"{self.prefix}… ({self.name})" if self.name else f"{self.prefix}…"
