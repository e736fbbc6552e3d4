"""Task messages that arrive twice, late, or for a batch that is gone: logged and dropped, never a crash."""
import pytest

from badges.demo import seed_zones
from badges.domain.batch_parts import assemble_batch, render_part, start_batch
from badges.domain.batches import create_batch
from badges.domain.templates import get_default_template
from badges.models import BadgeBatchPart
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def batch_root(settings, tmp_path):
    settings.BADGE_BATCH_ROOT = tmp_path / "badge-batches"


def test_messages_for_a_deleted_batch_are_dropped(event, caplog):
    seed_zones(event)
    factories.make_guest(event)
    batch = create_batch(event, get_default_template(event), {"all": True})
    start_batch(batch.pk)
    part_id = BadgeBatchPart.objects.get(batch=batch).pk
    batch_id = batch.pk
    batch.delete()
    start_batch(batch_id)
    render_part(part_id)
    assemble_batch(batch_id)
    assert "Badge batch %s no longer exists" % batch_id in caplog.text
    assert "Badge batch part %s no longer exists" % part_id in caplog.text


def test_a_batch_started_twice_is_rendered_once(event, settings):
    seed_zones(event)
    settings.BADGE_BATCH_PART_SIZE = 1
    guests = [factories.make_guest(event) for _ in range(3)]
    batch = create_batch(event, get_default_template(event), {"all": True})
    start_batch(batch.pk)
    parts = list(BadgeBatchPart.objects.filter(batch=batch).values_list("pk", flat=True))
    start_batch(batch.pk)  # redelivered: nothing planned again
    assert list(BadgeBatchPart.objects.filter(batch=batch).values_list("pk", flat=True)) == parts
    for part_id in parts + parts:  # every part message delivered twice
        render_part(part_id)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.done == len(guests) and batch.attempts == 1
    assert not BadgeBatchPart.objects.filter(batch=batch).exists()


def test_the_sweep_hands_on_a_dead_workers_part_and_leaves_waiting_parts_alone(event, settings):
    import datetime

    from django.utils import timezone

    from badges.domain.batch_parts import recover_interrupted_batches
    from badges.domain.prepared import PreparedTemplate

    seed_zones(event)
    template = get_default_template(event)
    per_page = len(PreparedTemplate(template, event).geometry.slots)
    settings.BADGE_BATCH_PART_SIZE = per_page
    guests = [factories.make_guest(event) for _ in range(2 * per_page + 1)]
    batch = create_batch(event, template, {"all": True})
    start_batch(batch.pk)  # its parts are not sent (the test's transaction never commits): all pending
    dead, *waiting = BadgeBatchPart.objects.filter(batch=batch).order_by("index")
    BadgeBatchPart.objects.filter(pk=dead.pk).update(status="running", claim="dead",
                                                     heartbeat_at=timezone.now() - datetime.timedelta(hours=1))

    assert recover_interrupted_batches() == {"parts": 1, "joined": 0, "restarted": 0}  # rendered (eager)
    assert BadgeBatchPart.objects.get(pk=dead.pk).status == "done"
    assert {p.status for p in BadgeBatchPart.objects.filter(pk__in=[p.pk for p in waiting])} == {"pending"}

    settings.BADGE_PART_LEASE_SECONDS = 0  # nothing moved for the lease: the waiting parts are sent again
    assert recover_interrupted_batches()["parts"] == len(waiting)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.done == len(guests) and batch.attempts == 1
