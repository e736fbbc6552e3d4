"""What every web and worker process verifies before serving: the storage start-up check
(core.checks, tag "storage"). Called from backend/wsgi.py (gunicorn) and at Celery worker start."""
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def require_writable_storage() -> None:
    """Raise ImproperlyConfigured, naming the reason, when a bucket storage cannot be written."""
    from django.conf import settings

    if not getattr(settings, "OBJECT_STORAGE", None):
        return  # local folders: nothing to check here (as before)
    errors = [message for message in checks.run_checks(tags=["storage"], include_deployment_checks=True)
              if message.is_serious()]
    if errors:
        raise ImproperlyConfigured("Refusing to start: " + " ".join(f"{e.msg} ({e.hint})" for e in errors))
