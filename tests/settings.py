"""Test settings: the production settings with test-only speed-ups. DATABASE_URL and
CELERY_BROKER_URL still come from the environment, so `.ci/run` runs this same suite on PostgreSQL."""
import os
import tempfile

os.environ.setdefault("LIAISON_TESTING", "1")

from backend.settings import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A Celery worker started by the tests inherits the test run's media folder.
MEDIA_ROOT = Path(os.environ.get("LIAISON_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="liaison-test-media-"))  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
STATIC_ROOT = MEDIA_ROOT / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True  # static files from the apps, as after collectstatic in production
# Tasks run in-process unless a test asks for the real worker (the `celery_worker` fixture).
CELERY_TASK_ALWAYS_EAGER = True
# Failed-login counters in this process's memory, even with CACHE_URL set (tests/conftest.py clears them).
CACHES["throttle"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "liaison-throttle"}  # noqa: F405
