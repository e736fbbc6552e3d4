"""Drawing a list of badges onto one sheet PDF: which badges print, and the report of those that do not."""
import logging
from dataclasses import dataclass, field

from django.conf import settings

from badges.interfaces.pdf_join import join_pdfs
from badges.interfaces.sheet_parts import SheetInParts

from .content import BADGE_REVOKED, UNEXPECTED_ERROR, BadgeProblem, build_content
from .prepared import PreparedTemplate

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 100  # badges between progress updates
DEFAULT_CHUNK_SIZE = 500


@dataclass
class RenderReport:
    printed: list = field(default_factory=list)  # badge ids, in sheet order
    problems: list = field(default_factory=list)  # {"guest_id", "guest", "reason", "problem"}
    pages: int = 0


def guest_label(guest) -> str:
    return guest.full_name or f"guest {guest.pk}"


def chunk_size() -> int:
    """Badges drawn and held in memory at a time (settings.BADGE_BATCH_CHUNK_SIZE)."""
    return max(1, getattr(settings, "BADGE_BATCH_CHUNK_SIZE", DEFAULT_CHUNK_SIZE))


def render_badges(prepared: PreparedTemplate, badges, output, *, progress=None, title="Badges") -> RenderReport:
    """Draw `badges` (any iterable of badges with guest, guest.delegation and zones loaded) onto one
    sheet PDF written to `output`, a chunk of badges at a time. A badge that cannot be printed is
    reported and left out; the others print. After an exception `output` may hold part of a PDF:
    write to a scratch file and keep it only on success (as run_batch does)."""
    report = RenderReport()
    renderer = SheetInParts(prepared, output, part_size=chunk_size(), title=title)
    try:
        _draw_all(prepared, badges, renderer, report, progress)
    except BaseException:
        renderer.close()
        raise
    renderer.finish()
    report.pages = renderer.pages
    return report


def join_sheets(parts, output, *, title="Badges") -> int:
    """The sheet PDFs `parts` (binary files, in order) joined page by page into `output`; the page count."""
    return join_pdfs(parts, output, title=title, creator="Liaison")


def _draw_all(prepared, badges, renderer, report, progress):
    for count, badge in enumerate(badges, 1):
        guest = badge.guest
        renderer.make_room()
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


def badges_for_printing(event, badge_ids_in_order):
    from badges.models import Badge

    badges = Badge.objects.filter(event=event, pk__in=badge_ids_in_order).select_related(
        "guest__delegation"
    ).prefetch_related("zones")
    by_id = {badge.pk: badge for badge in badges}
    for badge in by_id.values():
        badge.event = event  # the signer needs it; saves a query per badge
    return [by_id[pk] for pk in badge_ids_in_order if pk in by_id]
