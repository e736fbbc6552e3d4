"""Queued messages and large selections go to workers once their transaction has committed."""
from django.dispatch import receiver

from .signals import message_queued, run_started


@receiver(message_queued, dispatch_uid="correspondence.queued_message_goes_to_the_mail_queue")
def send_queued_message(sender, message, countdown=0, **kwargs):
    from .tasks import send_message_task

    send_message_task.apply_async((message.pk,), countdown=countdown or None)


@receiver(run_started, dispatch_uid="correspondence.run_goes_to_a_worker")
def draft_in_a_worker(sender, run, **kwargs):
    from .tasks import build_drafts_task

    build_drafts_task.delay(run.pk)
