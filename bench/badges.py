"""Badge printing: 2 000 badges (unique names in every script of events/fixtures/forum_guests.csv, see
bench.badge_memory.unique_guest_values; half with photos) on ID-1 cards, 10 per A4 sheet, on one core.

Figures: badges/s without photos and with photos (goals ≥ 400 and ≥ 150), PDF bytes per badge
without photos (goal ≤ 2 KB), and the naive way — one PDF per badge merged with pypdf — measured in
the same run (goal: at least 5× slower than ours), and the same batch with segno (version 6, error
level M, mask 2) drawing the QR codes instead of zxing-cpp, for the record of why the encoder is
zxing-cpp (badges.domain.qrmatrix): with segno the batch misses 400 badges/s. Times include loading the badges from the
database, signing the QR codes, shaping the text and writing the PDF.
"""
import io
import os
import random
import time

from bench.common import print_goals, setup_django

N_BADGES = 2000
N_NAIVE = 200  # the naive way is slow; its rate is measured on the first 200 badges


def make_photo(path, seed):
    """A 600 × 750 JPEG (a typical ID photo upload), different for every guest."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (600, 750), tuple(rng.randrange(150, 230) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    draw.ellipse((170, 120, 430, 420), fill=tuple(rng.randrange(90, 200) for _ in range(3)))
    draw.rectangle((100, 430, 500, 750), fill=tuple(rng.randrange(20, 120) for _ in range(3)))
    for _ in range(40):
        x, y = rng.randrange(600), rng.randrange(750)
        draw.line((x, y, x + rng.randrange(-80, 80), y + rng.randrange(-80, 80)),
                  fill=tuple(rng.randrange(256) for _ in range(3)), width=3)
    image.save(path, "JPEG", quality=88)


def build_data():
    from django.conf import settings

    from badges.demo import seed_zones
    from badges.domain.issuing import issue_badges
    from badges.domain.templates import get_default_template
    from bench.badge_memory import unique_guest_values
    from events.models import Guest, GuestStatus
    from tests import factories

    event = factories.make_event(slug=f"bench-badges-{int(time.time())}",
                                 name={"en": "10th China–Central Asia Cooperation Forum", "zh-hans": "第十届中国—中亚合作论坛"})
    seed_zones(event)
    template = get_default_template(event)
    photo_dir = os.path.join(settings.MEDIA_ROOT, "guest-photos", "bench")
    os.makedirs(photo_dir, exist_ok=True)
    guests = []
    for i, values in enumerate(unique_guest_values(N_BADGES)):
        photo = ""
        if i % 2:
            photo = f"guest-photos/bench/{i:05d}.jpg"
            make_photo(os.path.join(settings.MEDIA_ROOT, photo), i)
        guests.append(Guest(event=event, status=GuestStatus.APPROVED, photo=photo, **values))
    Guest.objects.bulk_create(guests, batch_size=500)
    guests = list(Guest.objects.filter(event=event).order_by("id"))
    started = time.perf_counter()
    issued = issue_badges(event, guests)
    issue_seconds = time.perf_counter() - started
    badge_ids = [issued[g.pk].pk for g in guests]
    return event, template, badge_ids, issue_seconds


def render(event, template, badge_ids, *, photos):
    from badges.domain.prepared import PreparedTemplate
    from badges.domain.printing import badges_for_printing, render_badges

    out = io.BytesIO()
    started, cpu_started = time.perf_counter(), time.process_time()
    prepared = PreparedTemplate(template, event)
    badges = badges_for_printing(event, badge_ids)
    if not photos:
        for badge in badges:
            badge.guest.photo = ""
    report = render_badges(prepared, badges, out)
    seconds = (time.perf_counter() - started, time.process_time() - cpu_started)
    assert not report.problems, report.problems[:3]
    return seconds, out.getvalue(), report


def draw_qr_with_segno(canvas, use_form, text, box):
    """badges.interfaces.qr_pdf.draw_qr, with segno's encoder and the whole symbol drawn per badge."""
    import segno

    from badges.interfaces import qr_pdf

    side = min(box.w, box.h)
    module = side / (qr_pdf.QR_SIZE + 2 * qr_pdf.QUIET_ZONE)
    x, y = box.x + (box.w - side) / 2 + 4 * module, box.y + (box.h - side) / 2 + 4 * module
    symbol = segno.make_qr(text, version=6, error="m", mask=2, boost_error=False)
    canvas._code.append(f"q {qr_pdf.fill_op(box.element['colour'])} {module:.4f} 0 0 {module:.4f} {x:.2f} {y:.2f} cm")
    canvas._code.append(qr_pdf.qr_rectangles([bytes(row).translate(SEGNO_BITS).decode() for row in symbol.matrix]))
    canvas._code.append("Q")


SEGNO_BITS = bytes.maketrans(b"\x00\x01", b"01")


def render_with_segno(event, template, badge_ids):
    from badges.interfaces import sheet_pdf

    original, sheet_pdf.draw_qr = sheet_pdf.draw_qr, draw_qr_with_segno
    try:
        return render(event, template, badge_ids, photos=False)
    finally:
        sheet_pdf.draw_qr = original


def render_naive(event, template, badge_ids):
    """One PDF per badge (same drawing code, one badge per page), merged with pypdf."""
    from pypdf import PdfWriter

    from badges.domain.prepared import PreparedTemplate
    from badges.domain.printing import badges_for_printing, render_badges

    started, cpu_started = time.perf_counter(), time.process_time()
    template.sheet_layout = "single"
    prepared = PreparedTemplate(template, event)
    writer = PdfWriter()
    for badge in badges_for_printing(event, badge_ids):
        badge.guest.photo = ""
        single = io.BytesIO()
        render_badges(prepared, [badge], single)
        single.seek(0)
        writer.append(single)
    out = io.BytesIO()
    writer.write(out)
    return (time.perf_counter() - started, time.process_time() - cpu_started), out.getvalue()


def main():
    setup_django()
    from badges.domain.prepared import PreparedTemplate  # noqa: F401 - loads the fonts below
    from core.typesetting import get_chain

    get_chain()  # font loading is start-up cost, not per-batch cost
    print(f"setting up {N_BADGES} guests (half with a 600×750 JPEG photo)…", flush=True)
    event, template, badge_ids, issue_seconds = build_data()
    print(f"issue {N_BADGES} badges (bulk, with default zones):  {issue_seconds:6.2f} s")
    render(event, template, badge_ids[:20], photos=True)  # warm-up: key decryption, first forms

    def rates(seconds, n):
        wall, cpu = seconds
        return n / wall, n / cpu, f"{wall:5.2f} s wall, {cpu:5.2f} s CPU = {n / wall:5.0f} badges/s ({n / cpu:5.0f}/s of CPU)"

    seconds, pdf, report = render(event, template, badge_ids, photos=False)
    _, rate_plain, text = rates(seconds, N_BADGES)
    per_badge = len(pdf) / N_BADGES
    print(f"without photos, {N_BADGES} badges: {text}; {len(pdf) / 1e6:5.2f} MB, {per_badge / 1024:4.2f} KB/badge, "
          f"{report.pages} pages")

    seconds, _, _ = render_with_segno(event, template, badge_ids)
    _, rate_segno, text = rates(seconds, N_BADGES)
    print(f"without photos, QR codes by segno instead: {text}; the batch is {rate_plain / rate_segno:4.1f}× "
          "faster with zxing-cpp")

    seconds, pdf_photos, report = render(event, template, badge_ids, photos=True)
    _, rate_photos, text = rates(seconds, N_BADGES)
    print(f"with photos (1 000 distinct), {N_BADGES} badges: {text}; {len(pdf_photos) / 1e6:5.2f} MB, "
          f"{len(pdf_photos) / N_BADGES / 1024:4.1f} KB/badge")

    seconds, naive_pdf = render_naive(event, template, badge_ids[:N_NAIVE])
    _, rate_naive, text = rates(seconds, N_NAIVE)
    print(f"naive (1 PDF per badge + pypdf merge), {N_NAIVE} badges: {text}; "
          f"{len(naive_pdf) / N_NAIVE / 1024:5.1f} KB/badge")
    speedup = rate_plain / rate_naive
    print(f"speed-up over naive (CPU time): {speedup:4.1f}×")
    print("goals are checked on CPU time: one core, whatever else the machine is doing")

    goals = [
        (f"without photos {rate_plain:.0f} badges/s of CPU: {rate_plain / 400:.2f}× the goal of ≥ 400/s", rate_plain >= 400),
        (f"with photos {rate_photos:.0f} badges/s of CPU: {rate_photos / 150:.2f}× the goal of ≥ 150/s", rate_photos >= 150),
        (f"{per_badge:.0f} bytes/badge without photos: {per_badge / 2048:.2f}× the limit of 2 KB", per_badge <= 2048),
        (f"{speedup:.1f}× faster than naive (goal ≥ 5×)", speedup >= 5),
    ]
    print_goals(goals)


if __name__ == "__main__":
    main()
