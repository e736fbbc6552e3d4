"""Hands a queued import to a worker once its row is committed."""
from django.dispatch import receiver

from .signals import import_queued


@receiver(import_queued)
def run_dry_run_in_a_worker(sender, guest_import, **kwargs):
    from .tasks import check_import

    check_import.delay(guest_import.pk)
