import os

import pytest

from tests.helpers.processes import ROOT, Worker, database_url


def _route_badge_tasks_to(app, routes):
    app.conf.task_routes = routes
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)  # celery caches the router built from the routes


@pytest.fixture
def badge_workers(tmp_path, settings):
    """start(**env) → a Worker on a queue of this test's own (no other worker of the test session
    takes its tasks), on the test database and files; tasks go to the broker during the test."""
    from backend.celery import app

    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("no broker")
    started = []
    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-badges"
    routes = app.conf.task_routes
    _route_badge_tasks_to(app, {"badges.tasks.*": {"queue": queue}, **(routes or {})})
    app.conf.task_always_eager = False

    def start(**env):
        env = {"DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "tests.settings",
               "LIAISON_TEST_ROOT": str(settings.TEST_ROOT), "LIAISON_TEST_QUEUE": queue, "LIAISON_CELERY_WORKER": "1", **env}
        started.append(Worker(f"badges{len(started)}", [queue], env=env, cwd=ROOT,
                              log_path=tmp_path / f"worker-{len(started)}.log"))
        return started[-1]

    try:
        yield start
    finally:
        app.conf.task_always_eager = True
        _route_badge_tasks_to(app, routes)
        for worker in started:
            worker.stop()
