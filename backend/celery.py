"""Celery application. Without CELERY_BROKER_URL every task runs in-process (see settings)."""
import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")

app = Celery("liaison")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _require_writable_storage(**kwargs):
    """A worker whose bucket cannot be written refuses to start (backend/startup.py). SystemExit, since
    Celery logs and ignores the exceptions of signal handlers."""
    from django.core.exceptions import ImproperlyConfigured

    from backend.startup import require_writable_storage

    try:
        require_writable_storage()
    except ImproperlyConfigured as exc:
        raise SystemExit(str(exc)) from None
