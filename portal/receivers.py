"""An approval (by any path: API, admin, bulk) remembers the nominee's reviewed values."""
from django.dispatch import receiver

from events.domain.signals import guest_status_changing
from events.models import GuestStatus

from .domain.review import remember_approval


@receiver(guest_status_changing, dispatch_uid="portal.remember_approved_values")
def approved(sender, guest_ids, status, **kwargs):
    if status == GuestStatus.APPROVED:
        remember_approval(guest_ids)
