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
# Every file a test process writes goes under a folder of its own (one per xdist worker, since each
# imports these settings); a Celery worker started by the tests inherits it through LIAISON_TEST_ROOT.
TEST_ROOT = Path(os.environ.get("LIAISON_TEST_ROOT") or tempfile.mkdtemp(prefix="liaison-test-"))  # noqa: F405
VAR_DIR = TEST_ROOT
MEDIA_ROOT = TEST_ROOT / "media"
STATIC_ROOT = MEDIA_ROOT / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
BADGE_BATCH_ROOT = TEST_ROOT / "badge-batches"
LOGGING = {"version": 1, "disable_existing_loggers": False}
WHITENOISE_USE_FINDERS = True  # static files from the apps, as after collectstatic in production
# Tasks run in-process unless a test asks for the real worker (the `celery_worker` fixture). A worker
# process the tests start (LIAISON_CELERY_WORKER=1) sends the tasks it queues to the broker, as in
# production (a batch's parts go to every worker on the queue).
CELERY_TASK_ALWAYS_EAGER = os.environ.get("LIAISON_CELERY_WORKER") != "1"
# Each test process (one per xdist worker) starts its own Celery worker on its own test database:
# its tasks go to a queue of its own on the shared broker, so no worker runs another's task.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("LIAISON_TEST_QUEUE") or "liaison-tests-{}-{}".format(
    os.environ.get("PYTEST_XDIST_WORKER", "main"), os.getpid())
# Mail goes to this process's own mail queue too (tests/correspondence start workers on it).
CELERY_TASK_ROUTES = {"correspondence.tasks.send_message_task": {"queue": CELERY_TASK_DEFAULT_QUEUE + "-mail"}}
MAIL_ROOT = TEST_ROOT / "mail"
# Failed-login counters in this process's memory, even with CACHE_URL set (tests/conftest.py clears them).
CACHES["throttle"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "liaison-throttle"}  # noqa: F405
