"""Calendar feed tokens leave with the event's retention: revoked, and their encrypted secret erased
(the hash stays, so that an old URL still finds nothing)."""
from django.dispatch import receiver
from django.utils import timezone

from events.domain.signals import personal_data_purging
from feeds.models import FeedToken


@receiver(personal_data_purging, dispatch_uid="feeds.tokens_leave_with_retention")
def erase_feed_tokens(sender, event, dry_run=False, **kwargs) -> dict:
    feeds = FeedToken.objects.filter(event=event).exclude(token_encrypted="")
    count = feeds.count()
    if not dry_run:
        feeds.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        feeds.update(token_encrypted="")
    return {"feed_tokens": count}
