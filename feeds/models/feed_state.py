from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event


class FeedState(models.Model):
    """A per-event counter bumped whenever staff, vehicles or delegations change (they have no
    updated_at column). Part of every feed's fingerprint; see feeds.domain.freshness."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("event"))
    version = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = "feed state"
