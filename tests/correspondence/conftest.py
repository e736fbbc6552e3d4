import email
import json
import os
import socket
import subprocess
import sys
import time
from email import policy
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


class MailWorker:
    """A real `celery worker` on this test process's mail queue (see tests/settings.py), pointed at the
    test database and at `email_url`; kill() ends it like a crash (SIGKILL)."""

    def __init__(self, email_url, log_path):
        from django.conf import settings

        db = settings.DATABASES["default"]
        url = f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        self.node = f"{queue}-mail-{free_port()}@{socket.gethostname()}"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "tests.settings", "EMAIL_URL": email_url,
               "LIAISON_TEST_ROOT": str(settings.TEST_ROOT), "LIAISON_TEST_QUEUE": queue, "MAIL_RETRY_BASE_SECONDS": "1"}
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "backend", "worker", "--pool=solo", "--concurrency=1", "--loglevel=INFO",
             "-Q", queue + "-mail", "-n", self.node, "--without-heartbeat", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        from backend.celery import app

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"celery worker exited; see {log_path}"
            try:
                if app.control.ping(destination=[self.node], timeout=1.0):
                    return
            except Exception:  # noqa: BLE001 - broker not ready yet
                time.sleep(0.3)
        self.process.kill()
        pytest.fail("mail worker did not answer within 60 s")

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


@pytest.fixture
def mail_workers(tmp_path):
    """start(email_url) → a MailWorker; tasks go to the broker (not in-process) during the test."""
    from backend.celery import app

    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("no broker")
    started = []
    app.conf.task_always_eager = False

    def start(email_url):
        started.append(MailWorker(email_url, tmp_path / f"worker-{len(started)}.log"))
        return started[-1]

    try:
        yield start
    finally:
        app.conf.task_always_eager = True
        for worker in started:
            worker.stop()
