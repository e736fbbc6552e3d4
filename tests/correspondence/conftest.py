import email
import json
import os
import subprocess
import sys
import time
from email import policy
from pathlib import Path

import pytest

from tests.helpers.processes import ROOT, Worker, database_url, free_port


class SmtpServer:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"smtp://127.0.0.1:{self.port}?timeout=10"
        self.process = subprocess.Popen([sys.executable, "-m", "tests.correspondence.smtp_server", str(self.port), str(folder)],
                                        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        deadline = time.monotonic() + 20
        while not (folder / "ready").exists():
            assert self.process.poll() is None and time.monotonic() < deadline, "SMTP server did not start"
            time.sleep(0.05)

    def script(self, *answers):
        (self.folder / "script.json").write_text(json.dumps(list(answers)))

    def received(self) -> list:
        return [email.message_from_bytes(path.read_bytes(), policy=policy.default)
                for path in sorted((self.folder / "received").glob("*.eml"))]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def smtp_server(tmp_path, settings):
    server = SmtpServer(tmp_path / "smtp")
    settings.EMAIL_URL = server.url
    settings.DEFAULT_FROM_EMAIL = "Protocol Office <protocol@liaison.example.org>"
    yield server
    server.stop()


def mail_worker(email_url, log_path) -> Worker:
    """A real `celery worker` on this test process's mail queue (see tests/settings.py), pointed at the
    test database and at `email_url`; kill() ends it like a crash (SIGKILL)."""
    from django.conf import settings

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    env = {"DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "tests.settings", "EMAIL_URL": email_url,
           "LIAISON_TEST_ROOT": str(settings.TEST_ROOT), "LIAISON_TEST_QUEUE": queue, "MAIL_RETRY_BASE_SECONDS": "1"}
    return Worker(f"{queue}-mail", [queue + "-mail"], env=env, cwd=ROOT, log_path=log_path)


@pytest.fixture
def mail_workers(tmp_path):
    """start(email_url) → a mail worker (tests.helpers.processes.Worker); tasks go to the broker (not in-process) during the test."""
    from backend.celery import app

    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("no broker")
    started = []
    app.conf.task_always_eager = False

    def start(email_url):
        started.append(mail_worker(email_url, tmp_path / f"worker-{len(started)}.log"))
        return started[-1]

    try:
        yield start
    finally:
        app.conf.task_always_eager = True
        for worker in started:
            worker.stop()
