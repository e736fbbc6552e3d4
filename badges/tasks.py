from celery import shared_task

from badges.domain.batches import run_batch


@shared_task(acks_late=True, reject_on_worker_lost=True)
def print_badge_batch(batch_id):
    """Render a badge batch. Safe to run again for the same batch (see run_batch)."""
    run_batch(batch_id)
