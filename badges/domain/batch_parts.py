"""A batch rendered in parts, by any number of workers, exactly once.

start_batch (the task behind batch_queued) splits a queued batch's guests into parts of whole pages
(settings.BADGE_BATCH_PART_SIZE badges) and announces them (batch_parts_ready: one task per part).
render_part claims a part with a token under a row lock, draws it into a part file of the
"badge_sheets" storage, and records it only if its claim still holds; a part whose worker died is
taken over once its heartbeat is older than BADGE_PART_LEASE_SECONDS (recover_interrupted_batches,
Celery beat, or the message redelivered). The worker that records the last part joins the parts into
the batch's sheet (assemble_batch); only one assembly is recorded, under the batch's row lock, so a
batch is marked done once, with every badge once. A message for a batch or part that no longer
exists is logged and dropped.
"""
import logging
import secrets
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from audit import domain as audit
from badges.signals import batch_finished, batch_parts_ready, batch_parts_rendered, batch_queued
from badges.storage import sheet_storage
from core.stored_files import delete_after_commit
from events.models import Guest, GuestStatus

from .content import GUEST_MISSING, GUEST_NOT_APPROVED
from .prepared import PreparedTemplate
from .printing import guest_label, join_sheets, render_badges

logger = logging.getLogger(__name__)
PRINTER = audit.Actor.for_task("badges.run_batch")
DEFAULT_PART_SIZE = 1000
DEFAULT_LEASE_SECONDS = 300


class ClaimLost(Exception):
    """Another worker took the part over (this one was thought dead), or the part is gone."""


def _announce(signal, batch, **kwargs):
    from badges.models import BadgeBatch

    transaction.on_commit(lambda: signal.send(sender=BadgeBatch, batch=batch, **kwargs))


def lease() -> timedelta:
    return timedelta(seconds=getattr(settings, "BADGE_PART_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))


def _title(batch):
    return f"Badges — {batch.event.display_name('en')} — batch {batch.pk}"


def plan_parts(batch) -> list:
    """Replace the batch's parts by new ones (call it with the batch row locked); their old files go
    after commit. The guests who are gone or not approved are the batch's first problems."""
    from badges.models import BadgeBatchPart

    storage = sheet_storage()
    for name in batch.parts.exclude(file_name="").values_list("file_name", flat=True):
        delete_after_commit(storage, name)
    batch.parts.all().delete()
    statuses = dict(Guest.objects.filter(event=batch.event, pk__in=batch.guest_ids).values_list("pk", "status"))
    problems, printable = [], []
    labels = {}
    for pk in batch.guest_ids:
        if statuses.get(pk) == GuestStatus.APPROVED:
            printable.append(pk)
        elif pk in statuses:
            labels[pk] = statuses[pk]
        else:
            problems.append({"guest_id": pk, "guest": f"guest {pk}", "reason": GUEST_MISSING,
                             "problem": "The guest no longer exists."})
    for guest in Guest.objects.filter(pk__in=list(labels)):
        problems.append({"guest_id": guest.pk, "guest": guest_label(guest), "reason": GUEST_NOT_APPROVED,
                         "problem": f"The guest is {guest.get_status_display().lower()}, not approved."})
    try:
        per_page = len(PreparedTemplate(batch.template, batch.event).geometry.slots)
    except Exception:  # noqa: BLE001 - a broken template fails the batch when its first part is drawn
        per_page = 1
    wanted = max(1, getattr(settings, "BADGE_BATCH_PART_SIZE", DEFAULT_PART_SIZE))
    size = max(1, -(-wanted // per_page)) * per_page
    now = timezone.now()
    slices = [printable[i:i + size] for i in range(0, len(printable), size)] or [[]]
    parts = BadgeBatchPart.objects.bulk_create(
        BadgeBatchPart(batch=batch, index=i, guest_ids=ids, heartbeat_at=now) for i, ids in enumerate(slices))
    type(batch).objects.filter(pk=batch.pk).update(problems=problems, done=0)
    return parts


def start_batch(batch_id) -> None:
    """A queued batch split into parts, each announced to a worker. Anything but a queued batch is
    left alone (a redelivered message; recover_interrupted_batches looks after stuck ones)."""
    with transaction.atomic():
        begun = begin_batch(batch_id, queued_only=True)
        if begun is not None:
            batch, parts = begun
            _announce(batch_parts_ready, batch, part_ids=[part.pk for part in parts])


def begin_batch(batch_id, *, queued_only):
    """(batch, parts): batch `batch_id` locked, marked running and split into new parts (call it in a
    transaction); None when the batch no longer exists or, with queued_only, is not queued."""
    from badges.models import BadgeBatch, BatchStatus

    batch = BadgeBatch.objects.select_for_update(of=("self",)).select_related("event", "template").filter(
        pk=batch_id).first()
    if batch is None:
        logger.warning("Badge batch %s no longer exists; nothing to render", batch_id)
        return None
    if queued_only and batch.status != BatchStatus.QUEUED:
        logger.info("Badge batch %s is %s; nothing to start", batch_id, batch.status)
        return None
    mark_running(batch)
    return batch, plan_parts(batch)


def mark_running(batch):
    from badges.models import BadgeBatch, BatchStatus

    BadgeBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, started_at=timezone.now(), finished_at=None, done=0, problems=[], error="",
        attempts=batch.attempts + 1)
    batch.status = BatchStatus.RUNNING


def _claim(part_id):
    """(part, token) if this worker may render the part now, else None."""
    from badges.models import BadgeBatchPart, BatchStatus, PartStatus

    with transaction.atomic():
        part = BadgeBatchPart.objects.select_for_update(of=("self",)).select_related(
            "batch__event", "batch__template").filter(pk=part_id).first()
        if part is None:
            logger.warning("Badge batch part %s no longer exists; its message is dropped", part_id)
            return None
        if part.batch.status != BatchStatus.RUNNING or part.status == PartStatus.DONE:
            return None
        if part.status == PartStatus.RUNNING and part.heartbeat_at > timezone.now() - lease():
            logger.info("Badge batch part %s is being rendered by another worker", part_id)
            return None
        token = secrets.token_hex(8)
        BadgeBatchPart.objects.filter(pk=part.pk).update(status=PartStatus.RUNNING, claim=token,
                                                          heartbeat_at=timezone.now(), attempts=part.attempts + 1)
        return part, token


def render_part(part_id) -> None:
    """Render one part if nobody else is (see the module's docstring); the last part recorded joins
    the sheet. Never raises for a guest's problem; a batch-wide failure fails the batch."""
    from badges.models import BadgeBatchPart

    claimed = _claim(part_id)
    if claimed is None:
        return
    part, token = claimed
    batch = part.batch

    def heartbeat(count):
        if not BadgeBatchPart.objects.filter(pk=part.pk, claim=token).update(heartbeat_at=timezone.now()):
            raise ClaimLost()

    storage = sheet_storage()
    from .batches import _badges_in_order

    try:
        problems = []
        badges = _badges_in_order(batch.event, part.guest_ids, problems)
        with tempfile.TemporaryFile(prefix=f"batch-{batch.pk}-part-") as scratch:
            report = render_badges(PreparedTemplate(batch.template, batch.event), badges, scratch,
                                   progress=heartbeat, title=_title(batch))
            scratch.seek(0)
            name = storage.save(f"batch-{batch.pk}-part-{part.index:05d}-{token}.pdf", File(scratch))
    except ClaimLost:
        logger.warning("Badge batch part %s was taken over by another worker", part.pk)
        return
    except Exception as exc:  # noqa: BLE001 - recorded on the batch for the user
        logger.exception("Badge batch %s failed (part %s)", batch.pk, part.index)
        fail_batch(batch, exc)
        return
    if _record_part(part, token, name, report.printed, problems + report.problems):
        assemble_batch(batch.pk)


def _record_part(part, token, name, printed, problems) -> bool:
    """Store the part's outcome if its claim holds (else its file goes). True if it was the last part."""
    from badges.models import BadgeBatch, BadgeBatchPart, BatchStatus, PartStatus

    with transaction.atomic():
        batch = BadgeBatch.objects.select_for_update().filter(pk=part.batch_id).first()
        recorded = batch is not None and batch.status == BatchStatus.RUNNING and BadgeBatchPart.objects.filter(
            pk=part.pk, claim=token, status=PartStatus.RUNNING).update(
            status=PartStatus.DONE, file_name=name, printed=printed, problems=problems, heartbeat_at=timezone.now())
        if not recorded:
            transaction.on_commit(lambda: _delete(sheet_storage(), [name]))
            return False
        done = BadgeBatchPart.objects.filter(batch=batch, status=PartStatus.DONE).values_list("printed", flat=True)
        BadgeBatch.objects.filter(pk=batch.pk).update(done=sum(len(ids) for ids in done))
        return not batch.parts.exclude(status=PartStatus.DONE).exists()


def assemble_batch(batch_id) -> None:
    """Join the parts of a running batch whose parts are all done into its sheet, and record it as
    done, once: a second assembly (a redelivered message) finds the batch done and keeps nothing."""
    from badges.models import Badge, BadgeBatch, BatchStatus, PartStatus

    batch = BadgeBatch.objects.select_related("event").filter(pk=batch_id).first()
    if batch is None or batch.status != BatchStatus.RUNNING:
        return
    parts = list(batch.parts.order_by("index"))
    if not parts or any(part.status != PartStatus.DONE for part in parts):
        return
    storage = sheet_storage()
    try:
        name = _join(batch, parts, storage)
    except Exception as exc:  # noqa: BLE001 - recorded on the batch for the user
        logger.exception("Badge batch %s could not be joined", batch.pk)
        fail_batch(batch, exc)
        return
    printed = [pk for part in parts for pk in part.printed]
    with transaction.atomic():
        locked = BadgeBatch.objects.select_for_update().filter(pk=batch.pk).first()
        if locked is None or locked.status != BatchStatus.RUNNING or set(
                locked.parts.values_list("pk", flat=True)) != {part.pk for part in parts}:
            garbage = [name]
        else:
            Badge.objects.filter(pk__in=printed).update(printed_at=timezone.now())
            problems = locked.problems + [problem for part in parts for problem in part.problems]
            BadgeBatch.objects.filter(pk=batch.pk).update(
                status=BatchStatus.DONE, finished_at=timezone.now(), done=len(printed), problems=problems,
                file_name=name, file_size=storage.size(name), error="")
            audit.record(PRINTER, "batch.printed", event=batch.event_id, obj=batch,
                         details={"printed": len(printed), "problems": len(problems)})
            garbage = [old for old in [locked.file_name] + [part.file_name for part in parts] if old and old != name]
            locked.parts.all().delete()
            _announce(batch_finished, batch)
    if garbage == [name]:
        _delete(storage, garbage)
        return
    _delete(storage, set(garbage) | set(_part_files(storage, batch.pk)))  # with those of workers that died
    logger.info("Badge batch %s: %s of %s badges in %s parts", batch.pk, len(printed), len(batch.guest_ids), len(parts))


def _part_files(storage, batch_pk) -> list:
    """Every part file of the batch in the storage, recorded or left by a worker that died after storing it."""
    try:
        return [name for name in storage.listdir("")[1] if name.startswith(f"batch-{batch_pk}-part-")]
    except (FileNotFoundError, NotADirectoryError):
        return []


def _join(batch, parts, storage) -> str:
    files = []
    try:
        for part in parts:
            local = tempfile.TemporaryFile(prefix=f"batch-{batch.pk}-part-")
            files.append(local)
            with storage.open(part.file_name, "rb") as stored:
                while chunk := stored.read(1 << 20):
                    local.write(chunk)
        with tempfile.TemporaryFile(prefix=f"batch-{batch.pk}-") as scratch:
            join_sheets(files, scratch, title=_title(batch))
            scratch.seek(0)
            return storage.save(f"batch-{batch.pk}-{secrets.token_hex(12)}.pdf", File(scratch))
    finally:
        for local in files:
            local.close()


def fail_batch(batch, exc) -> None:
    """The batch failed with `exc`'s reason; its parts' files go (an earlier sheet stays)."""
    from badges.models import BadgeBatch, BatchStatus

    from .batches import failure_reason

    with transaction.atomic():
        if not BadgeBatch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).update(
                status=BatchStatus.FAILED, finished_at=timezone.now(), error=failure_reason(exc)):
            return
        garbage = list(batch.parts.exclude(file_name="").values_list("file_name", flat=True))
        batch.parts.all().delete()
        audit.record(PRINTER, "batch.failed", event=batch.event_id, obj=batch)
        _announce(batch_finished, batch)
    _delete(sheet_storage(), garbage)


def _delete(storage, names):
    """Files no row names any more (after the transaction that dropped them)."""
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete %s from the badge sheet storage", name, exc_info=True)


def recover_interrupted_batches() -> dict:
    """Celery beat, every minute: the work of workers that died goes to the queue again. Parts not
    done whose heartbeat is older than the lease, batches whose parts are all done but not joined,
    batches started whose parts were never planned. Returns the counts."""
    from django.db.models import Count, Max, Q

    from badges.models import BadgeBatch, BadgeBatchPart, BatchStatus, PartStatus

    stale = timezone.now() - lease()
    running = BadgeBatch.objects.filter(status=BatchStatus.RUNNING).annotate(
        parts_total=Count("parts"), parts_open=Count("parts", filter=~Q(parts__status=PartStatus.DONE)),
        last_beat=Max("parts__heartbeat_at"))
    # A running part whose worker stopped beating; a pending one only if nothing of its batch moved for
    # the lease (else it is just waiting its turn in the queue).
    quiet = running.filter(last_beat__lte=stale).values("pk")
    parts = list(BadgeBatchPart.objects.filter(batch__status=BatchStatus.RUNNING, heartbeat_at__lte=stale).filter(
        Q(status=PartStatus.RUNNING) | Q(status=PartStatus.PENDING, batch__in=quiet)).select_related("batch"))
    by_batch = {}
    for part in parts:
        by_batch.setdefault(part.batch, []).append(part.pk)
    for batch, part_ids in by_batch.items():
        batch_parts_ready.send(sender=BadgeBatch, batch=batch, part_ids=part_ids)
    unjoined = list(running.filter(parts_total__gt=0, parts_open=0, last_beat__lte=stale))
    for batch in unjoined:
        batch_parts_rendered.send(sender=BadgeBatch, batch=batch)
    unplanned = list(running.filter(parts_total=0, started_at__lte=stale))
    for batch in unplanned:
        if BadgeBatch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING).update(status=BatchStatus.QUEUED):
            batch_queued.send(sender=BadgeBatch, batch=batch)
    return {"parts": len(parts), "joined": len(unjoined), "restarted": len(unplanned)}
