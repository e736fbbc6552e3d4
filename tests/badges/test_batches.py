import os
import time

import pytest

from badges.domain.batches import create_batch, run_batch
from badges.models import Badge, BadgeBatch
from badges.storage import sheet_storage
from tests import factories
from tests.badges.sheets import sheet_bytes, sheet_exists, stored_sheet_names
from tests.badges.test_qr_sheet import decode_sheet

pytestmark = pytest.mark.django_db


def test_running_a_batch_again_reissues_nothing_and_replaces_the_file(event, zones, template, batch_root):
    guests = [factories.make_guest(event) for _ in range(12)]
    batch = create_batch(event, template, {"all": True})
    # A worker died half-way: the batch is "running", some badges exist, a partial file was left.
    batch_root.mkdir(parents=True, exist_ok=True)
    partial = batch_root / f".batch-{batch.pk}-dead.part"
    partial.write_bytes(b"%PDF-1.4 half")
    os.utime(partial, (time.time() - 3600, time.time() - 3600))
    BadgeBatch.objects.filter(pk=batch.pk).update(status="running", done=5)
    from badges.domain.issuing import issue_badge

    for guest in guests[:5]:
        issue_badge(guest)

    run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.done == 12 and batch.attempts == 1
    first_file = batch.file_name
    assert sheet_exists(batch) and not partial.exists()
    assert Badge.objects.filter(event=event).count() == 12
    versions = dict(Badge.objects.values_list("pk", "version"))

    run_batch(batch.pk)  # redelivered message
    batch.refresh_from_db()
    assert batch.status == "done" and batch.attempts == 2
    assert Badge.objects.filter(event=event).count() == 12
    assert dict(Badge.objects.values_list("pk", "version")) == versions  # printing again does not supersede
    assert sheet_exists(batch) and not sheet_storage().exists(first_file)
    assert [name for name in stored_sheet_names() if name.endswith(".part")] == []
    assert len(decode_sheet(sheet_bytes(batch))) == 12


def test_guests_changed_after_the_batch_was_created_are_reported(event, zones, template):
    keep, cancel, delete = (factories.make_guest(event) for _ in range(3))
    batch = create_batch(event, template, {"all": True})
    cancel.status = "cancelled"
    cancel.save()
    deleted_pk = delete.pk
    delete.delete()
    run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.done == 1
    problems = {p["guest_id"]: p["problem"] for p in batch.problems}
    assert problems == {cancel.pk: "The guest is cancelled, not approved.", deleted_pk: "The guest no longer exists."}


def test_revoked_badges_are_not_printed(event, zones, template):
    from badges.domain.issuing import issue_badge, revoke_badge

    guest = factories.make_guest(event)
    revoke_badge(issue_badge(guest)[0], reason="lost")
    other = factories.make_guest(event)
    batch = create_batch(event, template, {"guest_ids": [guest.pk, other.pk]})
    run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.done == 1 and "revoked" in batch.problems[0]["problem"]


def test_a_vanished_batch_is_ignored(db):
    run_batch(123456)  # no exception
