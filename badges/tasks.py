"""Celery tasks of the `badges` queue (settings.CELERY_TASK_ROUTES): thin, each one domain operation,
each safe to run twice or on a batch that is gone (badges.domain.batch_parts)."""
from celery import shared_task

from badges.domain.batch_parts import assemble_batch, recover_interrupted_batches, render_part, start_batch


@shared_task(acks_late=True, reject_on_worker_lost=True)
def print_badge_batch(batch_id):
    """A queued batch split into parts, each sent to a worker (render_badge_part)."""
    start_batch(batch_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def render_badge_part(part_id):
    """One part of a batch, unless another worker holds it; the last part joins the sheet."""
    render_part(part_id)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def assemble_badge_batch(batch_id):
    assemble_batch(batch_id)


@shared_task
def recover_interrupted_badge_batches():
    """Every minute (CELERY_BEAT_SCHEDULE): parts and batches of workers that died go to the queue again."""
    return recover_interrupted_batches()
