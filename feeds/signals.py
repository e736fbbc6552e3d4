"""Staff, vehicles and delegations have no updated_at column: saving or deleting one bumps the
event's FeedState counter, which is part of every feed's fingerprint (feeds.domain.freshness).
Rows added or removed in bulk are caught by the row counts there as well."""
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from delegations.models import Delegation, Staff, Vehicle

from .domain.freshness import touch_event


@receiver(post_save, sender=Staff, dispatch_uid="feeds-staff-saved")
@receiver(post_save, sender=Vehicle, dispatch_uid="feeds-vehicle-saved")
@receiver(post_save, sender=Delegation, dispatch_uid="feeds-delegation-saved")
def row_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        touch_event(instance.event_id)


@receiver(post_delete, sender=Staff, dispatch_uid="feeds-staff-deleted")
@receiver(post_delete, sender=Vehicle, dispatch_uid="feeds-vehicle-deleted")
@receiver(post_delete, sender=Delegation, dispatch_uid="feeds-delegation-deleted")
def row_deleted(sender, instance, **kwargs):
    touch_event(instance.event_id, create=False)
