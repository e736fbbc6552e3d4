"""`make run` serves with `manage.py runserver` under DEBUG=1: its request lines ("GET /ical/… HTTP/1.1")
and Django's own log lines must not hold a calendar feed token either."""
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.helpers.processes import free_port

ROOT = Path(__file__).resolve().parent.parent
UNKNOWN_TOKEN = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5"

CREATE_FEED = """
import datetime
from events.models import Event
from feeds.domain.tokens import create_feed, secret_of
event = Event.objects.create(slug="forum", name={"en": "Forum"}, start_date=datetime.date(2023, 10, 31),
                             end_date=datetime.date(2023, 11, 3))
print(secret_of(create_feed(event=event, scope="programme", language="en")))
"""


def _get(url):
    try:
        return urllib.request.urlopen(url, timeout=5).status
    except urllib.error.HTTPError as error:
        return error.code


def test_runservers_log_holds_no_feed_token(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DEBUG="1", DJANGO_SETTINGS_MODULE="backend.settings", LIAISON_VAR_DIR=str(tmp_path),
               DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", PYTHONUNBUFFERED="1")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, capture_output=True)
    token = subprocess.run([*manage, "shell", "-c", CREATE_FEED], cwd=ROOT, env=env, check=True,
                           capture_output=True, text=True).stdout.split()[-1]
    assert len(token) == 43

    port, log = free_port(), tmp_path / "runserver.log"
    with log.open("w") as output:
        server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], cwd=ROOT, env=env,
                                  stdout=output, stderr=subprocess.STDOUT)
    try:
        for _ in range(200):
            try:
                status = _get(f"http://127.0.0.1:{port}/ical/{token}.ics")
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("runserver did not start: " + log.read_text())
        assert status == 200
        assert _get(f"http://127.0.0.1:{port}/ical/{UNKNOWN_TOKEN}.ics?next=/ical/{token}") == 404
        for _ in range(50):
            if log.read_text().count("/ical/") >= 3:
                break
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    written = log.read_text()
    assert token not in written and UNKNOWN_TOKEN not in written, written
    assert '"GET /ical/… HTTP/1.1" 200' in written, written
    assert '"GET /ical/…?next=/ical/… HTTP/1.1" 404' in written, written
    assert "Not Found: /ical/…" in written, written
