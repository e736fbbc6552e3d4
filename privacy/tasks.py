from celery import shared_task

from privacy.domain.purge import purge


@shared_task(name="privacy.purge_personal_data")
def purge_personal_data() -> dict:
    """Run daily by Celery beat (settings.CELERY_BEAT_SCHEDULE)."""
    return {event.slug: counts for event, counts in purge()}
