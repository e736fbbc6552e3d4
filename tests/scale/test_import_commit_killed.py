"""A process SIGKILLed in the middle of committing a guest import leaves nothing behind; the next
commit imports every guest once, and a third is refused. Real processes on PostgreSQL."""
import os
import subprocess
import sys

import pytest

from events.models import Guest
from spreadsheets.models import GuestImport
from tests.helpers.processes import ROOT, database_url, wait_for
from tests.spreadsheets.files import EN_HEADER, upload, xlsx

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ROWS = 300
COMMIT_THEN_STALL = """
import sys, time, django
django.setup()
from django.db.models.signals import post_save
from events.models import Guest
from spreadsheets.domain.imports import commit_import
from spreadsheets.models import GuestImport

created = []

def stall(sender, created_now=None, **kwargs):
    created.append(1)
    if len(created) == 100:  # a third of the way: say so, then wait to be killed
        open(sys.argv[2], "w").close()
        time.sleep(120)

post_save.connect(stall, sender=Guest, weak=False)
commit_import(GuestImport.objects.get(pk=int(sys.argv[1])))
"""


def test_a_commit_killed_half_way_leaves_nothing_and_the_next_imports_each_guest_once(event, as_role, tmp_path,
                                                                                       settings):
    client = as_role("registration")
    rows = [EN_HEADER] + [[f"KILLED{n}", "Given", "", "KZ", f"KZ{n:07d}"] for n in range(ROWS)]
    answer = upload(client, event, xlsx(rows))
    assert answer.status_code == 202
    url = f"/api/v1/events/{event.slug}/imports/{answer.json()['id']}/"
    wait_for(lambda: client.get(url).json()["status"] == "ready", seconds=60)

    marker = tmp_path / "stalled"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": database_url(),
           "DJANGO_SETTINGS_MODULE": "tests.settings", "LIAISON_TEST_ROOT": str(settings.TEST_ROOT)}
    process = subprocess.Popen([sys.executable, "-c", COMMIT_THEN_STALL, str(answer.json()["id"]), str(marker)],
                               cwd=ROOT, env=env)
    try:
        wait_for(marker.exists, seconds=120)
        assert Guest.objects.filter(event=event).count() == 0  # not committed: nobody sees them
    finally:
        process.kill()
        process.wait(timeout=10)
    assert GuestImport.objects.get(pk=answer.json()["id"]).status == "ready"
    assert Guest.objects.filter(event=event).count() == 0

    assert client.post(url + "commit/").status_code == 200
    assert client.post(url + "commit/").json()["code"] == "already_committed"
    names = list(Guest.objects.filter(event=event).values_list("family_name", flat=True))
    assert len(names) == len(set(names)) == ROWS
