import os

import pytest

from tests.scale.processes import ROOT, Worker, database_url


@pytest.fixture
def badge_workers(tmp_path, settings):
    """start(**env) → a Worker on this test process's queue, on the test database and files; tasks
    go to the broker (not in-process) during the test."""
    from backend.celery import app

    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("no broker")
    started = []
    app.conf.task_always_eager = False

    def start(**env):
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        env = {"DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "tests.settings",
               "LIAISON_TEST_ROOT": str(settings.TEST_ROOT), "LIAISON_TEST_QUEUE": queue, **env}
        started.append(Worker(f"badges{len(started)}", [queue], env=env, cwd=ROOT,
                              log_path=tmp_path / f"worker-{len(started)}.log"))
        return started[-1]

    try:
        yield start
    finally:
        app.conf.task_always_eager = True
        for worker in started:
            worker.stop()
