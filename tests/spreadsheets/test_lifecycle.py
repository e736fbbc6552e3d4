"""Imports are kept with who uploaded them and their outcome; files go after the commit or a day;
the dry run is a real Celery task with progress when a worker runs."""
import datetime
import time

import pytest
from django.utils import timezone

from events.models import Guest
from spreadsheets.domain.imports import discard_stale_imports
from spreadsheets.models import GuestImport
from spreadsheets.storage import import_storage

from .files import EN_HEADER, NAMES, xlsx


@pytest.mark.django_db
def test_files_older_than_a_day_are_deleted_and_the_import_expires(event, as_role, checked, commit,
                                                                   django_capture_on_commit_callbacks):
    client = as_role("registration")
    old = checked(client, event, xlsx([EN_HEADER, *NAMES])).json()
    fresh = checked(client, event, xlsx([EN_HEADER, *NAMES])).json()
    stored = {i.pk: i.file_name for i in GuestImport.objects.all()}
    assert all(import_storage().exists(name) for name in stored.values())
    GuestImport.objects.filter(pk=old["id"]).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    with django_capture_on_commit_callbacks(execute=True):
        assert discard_stale_imports() == 1
    assert not import_storage().exists(stored[old["id"]]) and import_storage().exists(stored[fresh["id"]])
    expired = client.get(f"/api/v1/events/{event.slug}/imports/{old['id']}/").json()
    assert expired["status"] == "expired" and expired["file_kept"] is False and expired["counts"]["create"] == 4
    assert commit(client, event, expired).status_code == 409
    listed = client.get(f"/api/v1/events/{event.slug}/imports/").json()["results"]
    assert [row["id"] for row in listed] == [fresh["id"], old["id"]] and "rows" not in listed[0]
    assert listed[0]["uploaded_by"] == GuestImport.objects.get(pk=fresh["id"]).created_by.username


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_the_dry_run_runs_in_the_worker(celery_worker, event, as_role):
    from .files import upload

    client = as_role("registration")
    rows = [EN_HEADER] + [[f"NAME{n}", "Given", "", "KZ", f"KZ{n:07d}"] for n in range(600)]
    answer = upload(client, event, xlsx(rows))
    assert answer.status_code == 202 and answer.json()["status"] in ("queued", "running", "ready")
    url = f"/api/v1/events/{event.slug}/imports/{answer.json()['id']}/"
    deadline = time.monotonic() + 60
    while (body := client.get(url).json())["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert body["status"] == "ready" and body["processed_rows"] == 600 and body["counts"]["create"] == 600
    assert client.post(url + "commit/").status_code == 200
    assert Guest.objects.filter(event=event).count() == 600
