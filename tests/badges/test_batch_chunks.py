"""Batches drawn a chunk at a time (settings.BADGE_BATCH_CHUNK_SIZE) still give one PDF with every badge
in order, the same pages as one canvas would; a batch that fails while writing leaves no sheet behind."""
import io
import re
import resource
import signal

import pypdfium2
import pytest

from badges.domain.batches import create_batch, run_batch
from badges.domain.issuing import issue_badge, revoke_badge
from badges.domain.prepared import PreparedTemplate
from badges.domain.printing import badges_for_printing, render_badges
from badges.domain.validity import verify_badge_code
from tests import factories
from tests.badges.sheets import sheet_bytes, stored_sheet_names
from tests.badges.test_qr_and_state import DURING
from tests.badges.test_qr_sheet import decode_sheet

pytestmark = pytest.mark.django_db
MARK = re.compile(r"ORDER(\d\d)")


def page_marks(pdf) -> list[list[int]]:
    """The numbers of the ORDERnn family names on each page, in drawing order."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [[int(n) for n in MARK.findall(page.get_textpage().get_text_range())] for page in document]
    finally:
        document.close()


def numbered_guests(event, count):
    return [factories.make_guest(event, family_name=f"ORDER{i:02d}", native_name="", chinese_name="")
            for i in range(1, count + 1)]


def test_a_batch_of_many_chunks_is_one_pdf_with_every_badge_in_order(settings, event, zones, template):
    settings.BADGE_BATCH_CHUNK_SIZE = 1  # rounded up to one page of badges per part
    per_page = len(PreparedTemplate(template, event).geometry.slots)
    guests = numbered_guests(event, 3 * per_page + 4)
    revoked = guests[3]  # left out: the next badge takes its place, no page has a gap
    revoke_badge(issue_badge(revoked)[0], reason="lost")
    cancelled = guests[per_page + 2]  # in the second chunk of guests
    batch = create_batch(event, template, {"guest_ids": [g.pk for g in guests]})
    cancelled.status = "cancelled"
    cancelled.save()

    run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.status == "done" and batch.done == len(guests) - 2
    assert {p["guest_id"] for p in batch.problems} == {revoked.pk, cancelled.pk}
    pdf = sheet_bytes(batch)
    expected = [i for i in range(1, len(guests) + 1) if i not in (4, per_page + 3)]
    marks = page_marks(pdf)
    assert [n for page in marks for n in page] == expected
    assert [len(page) for page in marks] == [per_page] * 3 + [len(expected) - 3 * per_page]
    codes = decode_sheet(pdf)
    badges = {verify_badge_code(event, code, now=DURING)[0].guest.family_name for code in codes}
    assert badges == {f"ORDER{n:02d}" for n in expected}


def test_chunks_give_the_pages_one_canvas_gives(settings, event, zones, template):
    guests = numbered_guests(event, 23)
    from badges.domain.issuing import issue_badges

    issued = issue_badges(event, guests)
    prepared = PreparedTemplate(template, event)
    sheets = {}
    for size in (1, 10_000):
        settings.BADGE_BATCH_CHUNK_SIZE = size
        out = io.BytesIO()
        report = render_badges(prepared, badges_for_printing(event, [issued[g.pk].pk for g in guests]), out)
        sheets[size] = (report.pages, page_marks(out.getvalue()))
    assert sheets[1] == sheets[10_000]
    assert sheets[1][0] == len(sheets[1][1]) == 3


@pytest.fixture
def file_size_limit():
    """set(limit): files this process writes cannot grow beyond `limit` bytes (EFBIG, as on a full disk)."""
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an OSError, not a killed process
    try:
        yield lambda limit: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, old_limit[1]))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)


@pytest.mark.parametrize("where", ["joining the parts", "writing a part"])
def test_a_batch_that_fails_while_writing_leaves_no_half_written_sheet(settings, event, zones, template,
                                                                       file_size_limit, where):
    settings.BADGE_BATCH_CHUNK_SIZE = 1
    numbered_guests(event, 30)  # three parts
    batch = create_batch(event, template, {"all": True})
    run_batch(batch.pk)
    batch.refresh_from_db()
    good_name, good_pdf = batch.file_name, sheet_bytes(batch)

    file_size_limit(len(good_pdf) // 2 if where == "joining the parts" else len(good_pdf) // 8)
    try:
        run_batch(batch.pk)
    finally:
        file_size_limit(resource.RLIM_INFINITY)
    batch.refresh_from_db()
    assert batch.status == "failed" and batch.error == "The PDF could not be written (File too large)."
    assert stored_sheet_names() == [good_name]  # the earlier sheet, untouched; nothing half-written beside it
    assert sheet_bytes(batch) == good_pdf
