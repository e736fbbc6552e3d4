from celery import shared_task

from .domain import imports


@shared_task(acks_late=True, reject_on_worker_lost=True)
def check_import(import_id):
    """The dry run of an uploaded guest list (safe to run again)."""
    imports.check_import(import_id)


@shared_task
def discard_stale_imports():
    """Hourly (CELERY_BEAT_SCHEDULE): delete uploaded files kept for more than a day."""
    return imports.discard_stale_imports()
