"""Real processes for the tests of several workers and web servers: Celery workers and gunicorn
servers started with their own environment and working directory, stopped (or SIGKILLed) by the test.
Used by tests/scale, the mail workers of tests/correspondence, the S3 server (tests/helpers/s3_server) and the
suite's celery_worker fixture (tests/conftest.py)."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def stop_process(process, timeout=20) -> None:
    """SIGTERM, and SIGKILL if the process has not ended within `timeout` seconds."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Process:
    def __init__(self, args, *, env, cwd, log_path):
        self.log_path = Path(log_path)
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(args, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT), **env},
                                        stdout=self.log, stderr=subprocess.STDOUT)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self):
        """Like a crash: SIGKILL, nothing cleaned up."""
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self):
        stop_process(self.process)
        self.log.close()


class Worker(Process):
    """`celery worker` (solo pool: one task at a time, as one worker process) on `queues`."""

    def __init__(self, name, queues, *, env, cwd, log_path):
        self.node = f"{name}-{free_port()}@{socket.gethostname()}"
        super().__init__([sys.executable, "-m", "celery", "-A", "backend", "worker", "--pool=solo", "--concurrency=1",
                          "--loglevel=INFO", "-Q", ",".join(queues), "-n", self.node, "--without-heartbeat",
                          "--without-gossip", "--without-mingle"], env=env, cwd=cwd, log_path=log_path)
        from backend.celery import app

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.alive(), f"celery worker exited; see {log_path}:\n{self.log_path.read_text()[-3000:]}"
            try:
                if app.control.ping(destination=[self.node], timeout=1.0):
                    return
            except Exception:  # noqa: BLE001 - broker not ready yet
                time.sleep(0.3)
        self.kill()
        raise AssertionError(f"celery worker did not answer within 60 s; see {log_path}")


class WebServer(Process):
    """gunicorn serving backend.wsgi on a free loopback port."""

    def __init__(self, *, env, cwd, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        super().__init__([sys.executable, "-m", "gunicorn", "backend.wsgi", "--bind", f"127.0.0.1:{self.port}",
                          "--workers", "1", "--timeout", "120"], env=env, cwd=cwd, log_path=log_path)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.alive(), f"gunicorn exited; see {log_path}:\n{self.log_path.read_text()[-3000:]}"
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        self.kill()
        raise AssertionError(f"gunicorn did not answer within 60 s; see {log_path}")


def wait_for(predicate, seconds=120, step=0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out")
