import os
import shutil

import pytest
from rest_framework.test import APIClient

from tests import factories
from tests.helpers.processes import ROOT, Worker, database_url

REQUIRE_SERVICES = os.environ.get("LIAISON_REQUIRE_SERVICES") == "1"


def pytest_collection_modifyitems(config, items):
    """Tests needing an external tool skip in a bare `make test`, but fail in CI (LIAISON_REQUIRE_SERVICES=1)."""
    if REQUIRE_SERVICES:
        return
    missing = {
        "browser": not shutil.which("chromium"),
        "celery_worker": not os.environ.get("CELERY_BROKER_URL"),
        "postgres": "postgres" not in os.environ.get("DATABASE_URL", ""),
    }
    for item in items:
        for marker, absent in missing.items():
            if absent and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=f"needs {marker} (runs in .ci/run)"))


@pytest.fixture(autouse=True)
def no_failed_logins_counted():
    """Every test starts with no failed logins or bad tokens counted (accounts.domain.throttle)."""
    from django.core.cache import caches

    caches["throttle"].clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def event(db):
    return factories.EventFactory()


@pytest.fixture
def other_event(db):
    return factories.EventFactory(slug="secret-summit")


def client_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + factories.token_for(user))
    return client


@pytest.fixture
def as_role(event):
    """as_role("protocol") → an APIClient authenticated as a fresh member of `event` with that role."""

    def build(role, target=None):
        return client_for(factories.make_member(target or event, role))

    return build


@pytest.fixture
def superuser_client(db):
    return client_for(factories.UserFactory(is_superuser=True, is_staff=True))


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real `celery worker` process on the broker in CELERY_BROKER_URL, pointed at this test
    process's database (with xdist: test_<name>_gw0, _gw1, … on PostgreSQL), its queue
    (CELERY_TASK_DEFAULT_QUEUE, one per test process) and its files (TEST_ROOT). Tests that use it
    must be transactional (`@pytest.mark.django_db(transaction=True)`) so that the worker sees their rows."""
    from django.conf import settings

    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        pytest.fail("CELERY_BROKER_URL is not set") if REQUIRE_SERVICES else pytest.skip("no broker")
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    worker = Worker(queue, [queue], cwd=ROOT, log_path=settings.TEST_ROOT / "celery-worker.log", env={
        "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "tests.settings",
        "LIAISON_TEST_ROOT": str(settings.TEST_ROOT), "LIAISON_TEST_QUEUE": queue, "LIAISON_CELERY_WORKER": "1"})
    yield worker
    worker.stop()


@pytest.fixture
def celery_worker(celery_worker_process):
    """Send tasks to the real worker for the duration of one test (tasks are eager otherwise)."""
    from backend.celery import app

    app.conf.task_always_eager = False
    try:
        yield celery_worker_process
    finally:
        app.conf.task_always_eager = True
