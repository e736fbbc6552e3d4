"""Print runs: a selection of guests → one sheet PDF, rendered by a Celery task.

The operations: queue_batch (and retry_batch) announce batch_queued, whose receiver hands the batch to
the workers (badges.tasks.print_badge_batch → start_batch, one task per part; see batch_parts);
sheet_to_download gives the PDF to a download. run_batch renders a batch from scratch in this process (the
same parts, one after another). Either way missing badges are issued with get-or-create semantics
and the sheet is recorded only once it is completely stored. Sheets live in the "badge_sheets" storage.
"""
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import domain as audit
from badges.signals import batch_downloaded, batch_queued
from badges.storage import sheet_storage
from core.stored_files import delete_after_commit
from events.models import Guest, GuestStatus

from .batch_parts import PRINTER, begin_batch, render_part
from .content import GUEST_MISSING, GUEST_NOT_APPROVED
from .issuing import issue_badges
from .printing import badges_for_printing, chunk_size, guest_label
from .selection import select_guests

logger = logging.getLogger(__name__)
MAX_GUESTS_PER_BATCH = 20_000
STALE_FILE_SECONDS = 30 * 60


class EmptySelection(Exception):
    pass


class BatchNotRetryable(Exception):
    """Only a failed batch can be retried."""


class SheetNotReady(Exception):
    """The batch has no PDF (yet)."""


def _announce(signal, batch, **kwargs):
    from badges.models import BadgeBatch

    transaction.on_commit(lambda: signal.send(sender=BadgeBatch, batch=batch, **kwargs))


def create_batch(event, template, selection: dict, user=None):
    """A new BadgeBatch for the selected guests, not yet handed to a worker (queue_batch does both).
    Raises EmptySelection when no approved guest is selected."""
    from badges.models import BadgeBatch

    guests = list(select_guests(event, selection).values_list("pk", "status")[:MAX_GUESTS_PER_BATCH + 1])
    if len(guests) > MAX_GUESTS_PER_BATCH:
        raise EmptySelection(f"A batch can hold at most {MAX_GUESTS_PER_BATCH} badges; narrow the selection.")
    if not any(status == GuestStatus.APPROVED for _, status in guests):
        raise EmptySelection("The selection contains no approved guest.")
    return BadgeBatch.objects.create(
        event=event, template=template, selection=selection, guest_ids=[pk for pk, _ in guests],
        total=len(guests), created_by=user if user and user.is_authenticated else None,
    )


def queue_batch(event, template, selection: dict, user=None):
    """The operation behind "print badges": a batch created and, once committed, sent to a worker."""
    with transaction.atomic():
        batch = create_batch(event, template, selection, audit.user_of(user))
        audit.record(user, "batch.queued", event=event.pk, obj=batch, details={"guests": batch.total})
        _announce(batch_queued, batch)
    return batch


def retry_batch(batch, *, by=None):
    """A failed batch queued again. Raises BatchNotRetryable for any other batch."""
    from badges.models import BadgeBatch, BatchStatus

    with transaction.atomic():
        locked = BadgeBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != BatchStatus.FAILED:
            raise BatchNotRetryable(_("Only a failed batch can be retried."))
        BadgeBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.QUEUED, error="")
        audit.record(by, "batch.retried", event=locked.event_id, obj=locked)
        _announce(batch_queued, locked)
    batch.refresh_from_db()
    return batch


def sheet_to_download(batch, user=None) -> str:
    """The stored name of the batch's PDF (in sheet_storage()), its download recorded. Raises SheetNotReady."""
    from badges.models import BatchStatus

    storage = sheet_storage()
    if batch.status != BatchStatus.DONE or not batch.file_name or not storage.exists(batch.file_name):
        raise SheetNotReady(_("The batch has no PDF (yet)."))
    with transaction.atomic():
        audit.record(user, "batch.downloaded", event=batch.event_id, obj=batch,
                     details={"guests": len(batch.guest_ids), "guest_ids": list(batch.guest_ids)})
        _announce(batch_downloaded, batch, user=audit.user_of(user))
    return batch.file_name


def discard_sheets_showing(guest_ids) -> None:
    """The printed sheets of every batch that holds one of these guests (who are being deleted):
    their files are deleted after commit; the batches stay, without a file."""
    from badges.models import BadgeBatch

    guest_ids = set(guest_ids)
    events = Guest.objects.filter(pk__in=guest_ids).values("event_id")
    for batch in BadgeBatch.objects.filter(event__in=events).exclude(file_name="").only("pk", "guest_ids", "file_name"):
        if guest_ids.intersection(batch.guest_ids):
            BadgeBatch.objects.filter(pk=batch.pk).update(file_name="", file_size=0)
            delete_after_commit(sheet_storage(), batch.file_name)


def run_batch(batch_id) -> None:
    """Render batch `batch_id` from scratch in this process: new parts, each rendered, then joined
    (the in-process path: without a broker, and for tests; workers share the parts through
    start_batch). Never raises for a guest's problem; a batch-wide failure (template broken,
    storage full) marks the batch failed with the reason."""
    with transaction.atomic():
        begun = begin_batch(batch_id, queued_only=False)
        if begun is None:
            return
        batch, parts = begun
        current = batch.file_name
    _remove_stale_files(sheet_storage(), batch.pk, keep=current)
    for part in parts:
        render_part(part.pk)


def _remove_stale_files(storage, batch_pk, keep):
    """Files of this batch's earlier attempts whose worker died before recording them (old enough not
    to belong to a live attempt)."""
    try:
        _, names = storage.listdir("")
    except FileNotFoundError:
        return
    for name in names:
        if name == keep or not (name.startswith(f"batch-{batch_pk}-") or name.startswith(f".batch-{batch_pk}-")):
            continue
        try:
            if (timezone.now() - storage.get_modified_time(name)).total_seconds() > STALE_FILE_SECONDS:
                storage.delete(name)
        except OSError:
            pass


def failure_reason(exc) -> str:
    from django.core.exceptions import ValidationError

    if isinstance(exc, ValidationError):
        return "The template is not valid: " + "; ".join(exc.messages)
    if isinstance(exc, OSError):
        return f"The PDF could not be written ({exc.strerror or exc.__class__.__name__})."
    return f"Unexpected error ({exc.__class__.__name__}); see the server log."


def _badges_in_order(event, guest_ids, problems):
    """The badges of the guests `guest_ids`, in that order, loaded (and issued where missing) a chunk
    at a time; a guest who is gone or not approved is added to `problems` instead."""
    size = chunk_size()
    for start in range(0, len(guest_ids), size):
        chunk = guest_ids[start:start + size]
        guests = {g.pk: g for g in Guest.objects.filter(event=event, pk__in=chunk).select_related("delegation")}
        ordered = []
        for pk in chunk:
            guest = guests.get(pk)
            if guest is None:
                problems.append({"guest_id": pk, "guest": f"guest {pk}", "reason": GUEST_MISSING,
                                 "problem": "The guest no longer exists."})
            elif guest.status != GuestStatus.APPROVED:
                problems.append({"guest_id": pk, "guest": guest_label(guest), "reason": GUEST_NOT_APPROVED,
                                 "problem": f"The guest is {guest.get_status_display().lower()}, not approved."})
            else:
                ordered.append(guest)
        issued = issue_badges(event, ordered, by=PRINTER)
        yield from badges_for_printing(event, [issued[g.pk].pk for g in ordered if g.pk in issued])
