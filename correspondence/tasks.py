"""Celery tasks: thin, each calls one domain operation. send_message_task runs in the `mail` queue
(settings.CELERY_TASK_ROUTES)."""
from celery import shared_task

from .domain.outbox import build_drafts
from .domain.sending import recover_interrupted, send_message


@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_message_task(message_id):
    """Send one queued message; a transient failure puts it back on the queue after its back-off."""
    delay = send_message(message_id)
    if delay is not None:
        send_message_task.apply_async((message_id,), countdown=delay)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def build_drafts_task(run_id):
    build_drafts(run_id)


@shared_task
def recover_interrupted_messages():
    return recover_interrupted()
