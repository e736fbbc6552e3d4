"""Maintenance tasks of the project itself (the `maintenance` queue, run by Celery beat)."""
from importlib import import_module

from celery import shared_task
from django.conf import settings


@shared_task
def clear_expired_sessions():
    """Daily (CELERY_BEAT_SCHEDULE): sign-in sessions past their expiry deleted, as `manage.py clearsessions`."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
