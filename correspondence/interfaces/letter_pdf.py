"""A letter as a PDF (A4): the event's letterhead, the title, reference and date, the text in Chinese
and in the guest's language, for a visa letter the guest's particulars from the encrypted record, the
signatory, and a QR code linking to the public check. All text through core.typesetting."""
import io

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4

from badges.domain.qrmatrix import qr_rows
from badges.interfaces.qr_pdf import QUIET_ZONE, qr_rectangles
from core.countries import country_name
from core.multilingual import localized
from core.typesetting import draw_line, layout_line, new_canvas
from core.typesetting.bidi_levels import paragraph_level
from delegations.interfaces.booklet import wrap

from ..domain.letter_texts import BODIES, LABELS, TITLES
from ..domain.placeholders import format_date
from ..models import EventMailSettings, LetterKind

WIDTH, HEIGHT = A4
MARGIN = 56
INK, MUTED, ACCENT = HexColor("#1a1a1a"), HexColor("#5f6368"), HexColor("#9b1c1c")
QR_SIDE = 96


class _Page:
    def __init__(self, buffer, title):
        self.canvas = new_canvas(buffer, pagesize=A4)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("Liaison")
        self.y = HEIGHT - MARGIN

    def text(self, text, size=10.5, *, bold=False, color=INK, center=False, gap=2, width=None, max_lines=12):
        """Wrapped paragraphs; right-aligned when a paragraph is right-to-left (Arabic…)."""
        width = width or WIDTH - 2 * MARGIN
        for paragraph in text.split("\n"):
            rtl = bool(paragraph_level(paragraph))
            for line in wrap(paragraph, width, size, max_lines=max_lines, bold=bold):
                self.y -= size * 1.45
                self.canvas.setFillColor(color)
                if center:
                    draw_line(self.canvas, line, WIDTH / 2, self.y, align="center")
                elif rtl:
                    draw_line(self.canvas, line, MARGIN + width, self.y, align="right")
                else:
                    draw_line(self.canvas, line, MARGIN, self.y)
            self.y -= gap
        self.canvas.setFillColor(INK)

    def rule(self, color=ACCENT):
        self.y -= 6
        self.canvas.setStrokeColor(color)
        self.canvas.setLineWidth(0.8)
        self.canvas.line(MARGIN, self.y, WIDTH - MARGIN, self.y)
        self.y -= 6


def _event_name(event, language) -> str:
    """The event's name in `language`; a second language without one falls back to English, not to Chinese."""
    return localized(event.name, language, event.default_language if language == "zh-hans" else "en")


def _guest_name(guest) -> str:
    latin = " ".join(p for p in (guest.given_name, guest.family_name) if p)
    others = [n for n in (guest.chinese_name, guest.native_name) if n and n != latin]
    return " · ".join([latin, *others])


def _dates(letter, language) -> str:
    return f"{format_date(letter.visit_start, language)} – {format_date(letter.visit_end, language)}"


def render_letter(letter, guest, verify_url: str) -> bytes:
    event = guest.event
    languages = letter.languages
    settings_row = EventMailSettings.objects.filter(event=event).first()
    buffer = io.BytesIO()
    page = _Page(buffer, f"{letter.reference} — {TITLES[letter.kind]['en']}")

    # Letterhead.
    for language in dict.fromkeys(["zh-hans", languages[1]]):
        head = localized(settings_row.letterhead, language) if settings_row and settings_row.letterhead else ""
        page.text(head or _event_name(event, language), 14, bold=True, color=ACCENT, center=True)
    if settings_row and settings_row.address:
        page.text(settings_row.address, 8.5, color=MUTED, center=True)
    page.rule()
    for language in languages:
        page.text(TITLES[letter.kind][language], 15, bold=True, center=True, gap=0)
    page.y -= 8
    for language in languages:
        reference = f"{LABELS['reference'][language]}: {letter.reference}   {LABELS['issued'][language]}: " \
                    f"{format_date(letter.created_at.date(), language)}"
        page.text(reference, 8.5, color=MUTED)
    page.y -= 6

    event_names = {lang: _event_name(event, lang) for lang in languages}
    for language in languages:
        body = BODIES[letter.kind][language].format(name=_guest_name(guest) if letter.kind == LetterKind.INVITATION else "",
                                                    event=event_names[language], dates=_dates(letter, language))
        page.text(body, 10.5, gap=8)

    if letter.kind == LetterKind.VISA:
        page.rule(color=MUTED)
        rows = [
            ("name", _guest_name(guest)),
            ("gender", guest.gender or ""),
            ("nationality", " / ".join(dict.fromkeys(country_name(guest.country, lang) for lang in languages))),
            ("date_of_birth", guest.date_of_birth.isoformat() if guest.date_of_birth else ""),
            ("passport", guest.passport_number),
            ("position", " · ".join(p for p in (guest.position, guest.organization) if p)),
            ("purpose", " / ".join(LABELS["purpose_text"][lang].format(event=event_names[lang]) for lang in languages)),
            ("dates", _dates(letter, "en")),
        ]
        for key, value in rows:
            if not value:
                continue
            caption = " / ".join(LABELS[key][lang] for lang in languages)
            page.text(f"{caption}: {value}", 10, gap=1)
        page.rule(color=MUTED)

    signatory = localized(settings_row.signatory, languages[1]) if settings_row and settings_row.signatory else ""
    page.y -= 12
    for language in dict.fromkeys(["zh-hans", languages[1]]):
        name = (localized(settings_row.letterhead, language) if settings_row and settings_row.letterhead else "") \
            or _event_name(event, language)
        page.text(name, 10, bold=True)
    if signatory:
        page.text(signatory, 10)

    _draw_qr(page.canvas, verify_url)
    page.canvas.setFillColor(MUTED)
    caption = " / ".join(LABELS["verify"][lang] for lang in languages)
    draw_line(page.canvas, layout_line(caption, 7), WIDTH - MARGIN, MARGIN - 10, align="right")
    draw_line(page.canvas, layout_line(letter.reference, 7), MARGIN, MARGIN - 10)
    page.canvas.showPage()
    page.canvas.save()
    return buffer.getvalue()


def _draw_qr(canvas, text):
    rows = qr_rows(text)
    modules = len(rows) + 2 * QUIET_ZONE
    module = QR_SIDE / modules
    x, y = WIDTH - MARGIN - QR_SIDE, MARGIN
    canvas._code.append(f"q 1 g {x:.2f} {y:.2f} {QR_SIDE} {QR_SIDE} re f 0 g {module:.4f} 0 0 {module:.4f} "
                        f"{x + QUIET_ZONE * module:.3f} {y + QUIET_ZONE * module:.3f} cm {qr_rectangles(rows)} Q")
