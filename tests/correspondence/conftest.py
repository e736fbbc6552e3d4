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
