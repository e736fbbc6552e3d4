"""A worker SIGKILLed in the middle of a badge batch: another worker finishes it, every badge printed
exactly once. Real Celery workers on Redis and PostgreSQL."""
import pytest

from audit.models import AuditEntry
from badges.demo import seed_zones
from badges.domain.batch_parts import recover_interrupted_batches
from badges.domain.batches import queue_batch
from badges.domain.prepared import PreparedTemplate
from badges.domain.templates import get_default_template
from badges.domain.validity import verify_badge_code
from badges.models import Badge, BadgeBatch, BadgeBatchPart
from badges.storage import sheet_storage
from tests import factories
from tests.badges.test_qr_and_state import DURING
from tests.badges.test_qr_sheet import decode_sheet
from tests.helpers.processes import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _parts(batch, status):
    return BadgeBatchPart.objects.filter(batch=batch, status=status).count()


def test_a_worker_killed_mid_batch_leaves_it_to_another_every_badge_once(badge_workers, event, settings):
    seed_zones(event)
    template = get_default_template(event)
    per_page = len(PreparedTemplate(template, event).geometry.slots)
    guests = [factories.make_guest(event, family_name=f"KILL{i:03d}") for i in range(12 * per_page)]
    worker_env = {"BADGE_BATCH_PART_SIZE": str(per_page), "BADGE_PART_LEASE_SECONDS": "2"}
    first = badge_workers(**worker_env)
    batch = queue_batch(event, template, {"all": True})
    wait_for(lambda: _parts(batch, "done") >= 1 and _parts(batch, "running") >= 1, step=0.02)
    first.kill()
    (killed,) = BadgeBatchPart.objects.filter(batch=batch, status="running")  # the only worker's part
    assert BadgeBatch.objects.get(pk=batch.pk).status == "running"

    badge_workers(**worker_env)
    settings.BADGE_PART_LEASE_SECONDS = 0
    assert recover_interrupted_batches()["parts"] >= 1  # the killed worker's part, maybe others queued behind it
    wait_for(lambda: BadgeBatch.objects.get(pk=batch.pk).status == "done")

    batch.refresh_from_db()
    assert batch.done == len(guests) and batch.problems == [] and batch.attempts == 1
    assert not BadgeBatchPart.objects.filter(pk=killed.pk).exists()
    assert Badge.objects.filter(event=event).count() == len(guests)
    assert AuditEntry.objects.filter(action="batch.printed", object_id=batch.pk).count() == 1
    with sheet_storage().open(batch.file_name, "rb") as handle:
        codes = decode_sheet(handle.read(), dpi=120)
    names = [verify_badge_code(event, code, now=DURING)[0].guest.family_name for code in codes]
    assert sorted(names) == sorted(g.family_name for g in guests)  # each once: none missing, none twice
    assert sorted(sheet_storage().listdir("")[1]) == [batch.file_name]  # no part file left behind
