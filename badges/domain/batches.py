"""Print runs: a selection of guests → one sheet PDF, rendered by a Celery task.

The task (badges.tasks.print_badge_batch) only calls run_batch(). run_batch can run again for the
same batch at any time (a worker died, the message was redelivered): it renders from scratch,
issues missing badges with get-or-create semantics, and replaces the file atomically.
"""
import logging
import os
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.utils import timezone

from core.stored_files import delete_after_commit
from events.models import Guest, GuestStatus

from .content import (
    BADGE_REVOKED, GUEST_MISSING, GUEST_NOT_APPROVED, UNEXPECTED_ERROR, BadgeProblem, build_content,
)
from .issuing import issue_badges
from badges.interfaces.sheet_pdf import SheetRenderer

from .prepared import PreparedTemplate

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 100  # badges between progress updates
MAX_GUESTS_PER_BATCH = 20_000


class EmptySelection(Exception):
    pass


def batch_root() -> Path:
    """Where batch PDFs live: outside MEDIA_ROOT, since they hold names and photos and are only
    served through the authenticated download endpoint."""
    root = getattr(settings, "BADGE_BATCH_ROOT", None) or Path(settings.VAR_DIR) / "badge-batches"
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    return root


def batch_file_path(batch) -> Path | None:
    return batch_root() / batch.file_name if batch.file_name else None


def batch_storage() -> FileSystemStorage:
    return FileSystemStorage(location=batch_root())


def discard_sheets_showing(guest_ids) -> None:
    """The printed sheets of every batch that holds one of these guests (who are being deleted):
    their files are deleted after commit; the batches stay, without a file."""
    from badges.models import BadgeBatch

    guest_ids = set(guest_ids)
    events = Guest.objects.filter(pk__in=guest_ids).values("event_id")
    for batch in BadgeBatch.objects.filter(event__in=events).exclude(file_name="").only("pk", "guest_ids", "file_name"):
        if guest_ids.intersection(batch.guest_ids):
            BadgeBatch.objects.filter(pk=batch.pk).update(file_name="", file_size=0)
            delete_after_commit(batch_storage(), batch.file_name)


# --- Selection ------------------------------------------------------------------------------------
def select_guests(event, selection: dict):
    """Guests matching every given criterion (all approved guests for {"all": true}).
    Explicit guest_ids may name guests who are not approved: they stay in, to be reported."""
    guests = Guest.objects.filter(event=event)
    if selection.get("guest_ids"):
        guests = guests.filter(pk__in=selection["guest_ids"])
    else:
        guests = guests.filter(status=GuestStatus.APPROVED)
    if selection.get("delegation") is not None:
        guests = guests.filter(delegation_id=selection["delegation"])
    if selection.get("categories"):
        guests = guests.filter(category__in=selection["categories"])
    if selection.get("not_printed"):
        guests = guests.exclude(badges__printed_at__isnull=False)
    return guests.order_by("delegation__name", "family_name", "given_name", "id")


def create_batch(event, template, selection: dict, user=None):
    """A queued BadgeBatch for the selected guests. Raises EmptySelection when no approved guest
    is selected. The caller enqueues the task (after commit)."""
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


# --- Rendering ------------------------------------------------------------------------------------
@dataclass
class RenderReport:
    printed: list = field(default_factory=list)  # badge ids, in sheet order
    problems: list = field(default_factory=list)  # {"guest_id", "guest", "reason", "problem"}
    pages: int = 0


def guest_label(guest) -> str:
    return guest.full_name or f"guest {guest.pk}"


def render_badges(prepared: PreparedTemplate, badges, output, *, progress=None, title="Badges") -> RenderReport:
    """Draw `badges` (with guest, guest.delegation and zones loaded) onto one sheet PDF written
    to `output`. A badge that cannot be printed is reported and left out; the others print."""
    report = RenderReport()
    renderer = SheetRenderer(prepared, output, title=title)
    for count, badge in enumerate(badges, 1):
        guest = badge.guest
        try:
            if badge.status != "active":
                raise BadgeProblem("The badge is revoked; reprint it to issue a new version.", BADGE_REVOKED)
            renderer.add(build_content(prepared, badge))
            report.printed.append(badge.pk)
        except BadgeProblem as exc:
            report.problems.append({"guest_id": guest.pk, "guest": guest_label(guest), "reason": exc.reason,
                                    "problem": str(exc)})
        except Exception:  # noqa: BLE001 - one guest must never stop the batch
            logger.exception("Badge %s of guest %s could not be drawn", badge.pk, guest.pk)
            report.problems.append({"guest_id": guest.pk, "guest": guest_label(guest), "reason": UNEXPECTED_ERROR,
                                    "problem": "Unexpected error while drawing this badge (see the server log)."})
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    renderer.finish()
    report.pages = renderer.pages
    return report


def badges_for_printing(event, badge_ids_in_order):
    from badges.models import Badge

    badges = Badge.objects.filter(event=event, pk__in=badge_ids_in_order).select_related(
        "guest__delegation"
    ).prefetch_related("zones")
    by_id = {badge.pk: badge for badge in badges}
    for badge in by_id.values():
        badge.event = event  # the signer needs it; saves a query per badge
    return [by_id[pk] for pk in badge_ids_in_order if pk in by_id]


def run_batch(batch_id) -> None:
    """Render batch `batch_id` from scratch. Never raises for a guest's problem; a batch-wide
    failure (template broken, disk full) marks the batch failed with the reason."""
    from badges.models import BadgeBatch, BatchStatus

    batch = BadgeBatch.objects.select_related("event", "template").filter(pk=batch_id).first()
    if batch is None:
        logger.warning("Badge batch %s no longer exists", batch_id)
        return
    now = timezone.now()
    BadgeBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, started_at=now, finished_at=None, done=0, problems=[], error="",
        attempts=batch.attempts + 1,
    )
    try:
        report, file_name, size = _render_batch(batch)
    except Exception as exc:  # noqa: BLE001 - recorded on the batch for the user
        logger.exception("Badge batch %s failed", batch.pk)
        BadgeBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, finished_at=timezone.now(), error=_failure_reason(exc),
        )
        return
    with transaction.atomic():
        from badges.models import Badge

        Badge.objects.filter(pk__in=report.printed).update(printed_at=timezone.now())
        old_name = BadgeBatch.objects.filter(pk=batch.pk).values_list("file_name", flat=True).first()
        recorded = BadgeBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.DONE, finished_at=timezone.now(), done=len(report.printed),
            problems=report.problems, file_name=file_name, file_size=size, error="",
        )
    if old_name and old_name != file_name:  # an earlier attempt's file
        (batch_root() / old_name).unlink(missing_ok=True)
    if not recorded:  # the batch (or its event) was deleted while it printed: its file goes too
        (batch_root() / file_name).unlink(missing_ok=True)


STALE_PART_SECONDS = 30 * 60


def _remove_stale_parts(root, batch_pk):
    """Partial files of an attempt whose worker died (old enough not to belong to a live attempt)."""
    for part in root.glob(f".batch-{batch_pk}-*.part"):
        try:
            if time.time() - part.stat().st_mtime > STALE_PART_SECONDS:
                part.unlink()
        except OSError:
            pass


def _failure_reason(exc) -> str:
    from django.core.exceptions import ValidationError

    if isinstance(exc, ValidationError):
        return "The template is not valid: " + "; ".join(exc.messages)
    if isinstance(exc, OSError):
        return f"The PDF could not be written ({exc.strerror or exc.__class__.__name__})."
    return f"Unexpected error ({exc.__class__.__name__}); see the server log."


def _render_batch(batch):
    from badges.models import BadgeBatch

    event = batch.event
    prepared = PreparedTemplate(batch.template, event)
    guests = {g.pk: g for g in Guest.objects.filter(event=event, pk__in=batch.guest_ids).select_related("delegation")}
    problems = []
    ordered = []
    for pk in batch.guest_ids:
        guest = guests.get(pk)
        if guest is None:
            problems.append({"guest_id": pk, "guest": f"guest {pk}", "reason": GUEST_MISSING,
                             "problem": "The guest no longer exists."})
        elif guest.status != GuestStatus.APPROVED:
            problems.append({"guest_id": pk, "guest": guest_label(guest), "reason": GUEST_NOT_APPROVED,
                             "problem": f"The guest is {guest.get_status_display().lower()}, not approved."})
        else:
            ordered.append(guest)
    issued = issue_badges(event, ordered)
    badges = badges_for_printing(event, [issued[g.pk].pk for g in ordered if g.pk in issued])
    total = len(batch.guest_ids)

    def progress(count):
        BadgeBatch.objects.filter(pk=batch.pk).update(done=count)

    root = batch_root()
    _remove_stale_parts(root, batch.pk)
    file_name = f"batch-{batch.pk}-{secrets.token_hex(12)}.pdf"
    started = time.monotonic()
    handle = tempfile.NamedTemporaryFile(dir=root, prefix=f".batch-{batch.pk}-", suffix=".part", delete=False)
    try:
        with handle:
            report = render_badges(prepared, badges, handle, progress=progress,
                                   title=f"Badges — {event.display_name('en')} — batch {batch.pk}")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, root / file_name)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    report.problems = problems + report.problems
    logger.info("Badge batch %s: %s of %s badges in %.1f s", batch.pk, len(report.printed), total,
                time.monotonic() - started)
    return report, file_name, (root / file_name).stat().st_size
