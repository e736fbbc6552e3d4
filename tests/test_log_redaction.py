"""Calendar feed tokens are secrets in URLs: no log line may hold one — neither Django's (a revoked
token's 404 is logged) nor gunicorn's access log."""
import logging.config
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from backend import settings as production
from tests.helpers.processes import free_port

pytestmark = pytest.mark.django_db

TOKEN = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5"  # 44 characters, like a real one


def test_django_log_lines_hold_no_feed_token(capsys):
    logging.config.dictConfig(production.LOGGING)  # the console handler of production, on this stderr
    try:
        assert Client().get(f"/ical/{TOKEN}.ics").status_code == 404
        logging.getLogger("liaison.test").warning("fetched %s", f"https://liaison.example.org/ical/{TOKEN}.ics")
    finally:
        logging.config.dictConfig(settings.LOGGING)
    written = capsys.readouterr().err
    assert "Not Found: /ical/…" in written and "fetched https://liaison.example.org/ical/…" in written
    assert TOKEN not in written


def test_gunicorns_access_log_holds_no_feed_token_nor_credentials(tmp_path):
    port, log = free_port(), tmp_path / "access.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tests.helpers.hello_wsgi:app", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--access-logfile", str(log), "--logger-class", "backend.gunicorn_logger.RedactingLogger",
         "--access-logformat", "%(r)s|%(U)s|%(q)s|%(f)s|%({authorization}i)s|%(s)s"],
        cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/ical/{TOKEN}.ics?next=/ical/{TOKEN}",
            headers={"Referer": f"https://liaison.example.org/ical/{TOKEN}.ics", "Authorization": "Token s3cr3t"},
        )
        for _ in range(100):
            try:
                assert urllib.request.urlopen(request, timeout=2).status == 200
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        for _ in range(50):
            if log.exists() and log.read_text():
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    line = log.read_text().strip()
    assert line == ("GET /ical/…?next=/ical/… HTTP/1.1|/ical/…|next=/ical/…|"
                    "https://liaison.example.org/ical/…|-|200"), line
