"""The day's run of show as a PDF: A3 landscape, the timeline (one lane per delegation in protocol
order, blocks by time, clashes outlined red and numbered), then the arrivals and departures table and
the clashes. All text goes through core.typesetting, the one text renderer: names in any script are
drawn with a font that has them, shaped, in bidi order, and stay searchable."""
from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A3, landscape

from core.multilingual import localized
from core.typesetting import draw_line, fit_text, layout_line, new_canvas

from ..domain.board import build_board, staff_name
from ..domain.day import DayData
from ..domain.movements import day_movements

PAGE_WIDTH, PAGE_HEIGHT = landscape(A3)
MARGIN = 28
HEAD = 150  # lane label column
ROW = 17
INK, MUTED, RULE, CLASH = HexColor("#1c232b"), HexColor("#5f6b76"), HexColor("#c8ced4"), HexColor("#d00000")
KIND_COLOURS = {
    "arrival": "#2e7d32", "departure": "#6a1b9a", "transfer": "#546e7a", "meeting": "#1565c0", "bilateral": "#0d47a1",
    "site_visit": "#00838f", "banquet": "#c77700", "programme_session": "#5d4037", "hotel": "#8d6e63",
    "free_time": "#9e9d24", "other": "#616161",
}


def run_of_show_filename(event, day) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", event.slug).strip("-") or "event"
    return f"run-of-show-{slug}-{day.isoformat()}.pdf"


def _text(canvas, text, x, y, width, size, *, bold=False, color=INK, min_size=None, align="left"):
    if not text or width <= 4:
        return
    fit = fit_text(text, width, size, min_size or size * 0.7, max_lines=1, bold=bold)
    canvas.setFillColor(color)
    for line in fit.lines:
        draw_line(canvas, line, x + (width if align == "right" else 0), y, align=align)


class _Pages:
    def __init__(self, buffer, data: DayData, title: str, language: str):
        self.canvas = new_canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
        self.canvas.setTitle(title)
        self.canvas.setAuthor("Liaison")
        self.data, self.title, self.page = data, title, 0
        self.y = 0.0
        self.new_page()

    def new_page(self):
        if self.page:
            self.canvas.showPage()
        self.page += 1
        c = self.canvas
        self.y = PAGE_HEIGHT - MARGIN
        _text(c, self.title, MARGIN, self.y - 14, PAGE_WIDTH - 2 * MARGIN - 80, 16, bold=True)
        _text(c, _("page %(n)d") % {"n": self.page}, PAGE_WIDTH - MARGIN - 80, self.y - 14, 80, 9, color=MUTED, align="right")
        self.y -= 30

    def ensure(self, height) -> bool:
        """Starts a new page unless `height` fits; True if it did."""
        if self.y - height < MARGIN:
            self.new_page()
            return True
        return False


def _hours_header(pages: _Pages, board, track_x, track_width):
    c = pages.canvas
    for label, left in board.hours:
        x = track_x + track_width * left / 100
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        c.line(x, pages.y - 14, x, pages.y - 16)
        line = layout_line(label, 7)
        c.setFillColor(MUTED)
        draw_line(c, line, x, pages.y - 10, align="center")
    pages.y -= 16


def _timeline(pages: _Pages, board):
    c = pages.canvas
    track_x, track_width = MARGIN + HEAD, PAGE_WIDTH - 2 * MARGIN - HEAD
    _hours_header(pages, board, track_x, track_width)
    for lane in board.lanes:
        height = lane.rows * ROW + 4
        if pages.ensure(height):
            _hours_header(pages, board, track_x, track_width)
        top = pages.y
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        c.line(MARGIN, top - height, PAGE_WIDTH - MARGIN, top - height)
        for _label, left in board.hours:
            x = track_x + track_width * left / 100
            c.setDash(1, 2)
            c.line(x, top, x, top - height)
            c.setDash()
        _text(c, lane.label, MARGIN, top - 11, HEAD - 8, 9, bold=True)
        if lane.rows > 1:
            _text(c, lane.detail, MARGIN, top - 20, HEAD - 8, 6.5, color=MUTED)
        for block in lane.blocks:
            _block(c, block, track_x + track_width * block.left / 100, top - 2 - (block.row + 1) * ROW + 2,
                   max(track_width * block.width / 100, 1.5))
        pages.y -= height


def _block(c, block, x, y, width):
    entry = block.entry
    colour = HexColor(KIND_COLOURS.get(entry.kind, "#616161"))
    if entry.is_cancelled:
        colour = Color(colour.red, colour.green, colour.blue, alpha=0.4)
    c.setFillColor(colour)
    c.setStrokeColor(CLASH if block.clashes else colour)
    c.setLineWidth(1.6 if block.clashes else 0.5)
    c.roundRect(x, y, width, ROW - 3, 2, stroke=1, fill=1)
    if entry.status == "tentative":  # hatched, as on the screen
        path = c.beginPath()
        c.saveState()
        path.roundRect(x, y, width, ROW - 3, 2)
        c.clipPath(path, stroke=0, fill=0)
        c.setStrokeColor(Color(1, 1, 1, alpha=0.45))
        c.setLineWidth(2)
        step = 6
        offset = -ROW
        while offset < width:
            c.line(x + offset, y, x + offset + ROW, y + ROW)
            offset += step
        c.restoreState()
    label = f"{block.start_label} {block.title}"
    if block.clashes:
        label = "".join(f"[{note.number}]" for note in block.clashes) + " " + label
    _text(c, label, x + 2, y + 4.5, width - 4, 7, color=white, min_size=5)
    if entry.is_cancelled:
        c.setStrokeColor(white)
        c.setLineWidth(0.8)
        c.line(x + 1, y + (ROW - 3) / 2, x + width - 1, y + (ROW - 3) / 2)


def _table(pages: _Pages, title, headers, widths, rows, *, size=8):
    c = pages.canvas
    pages.ensure(60)
    pages.y -= 10
    _text(c, title, MARGIN, pages.y - 12, PAGE_WIDTH - 2 * MARGIN, 12, bold=True)
    pages.y -= 20

    def header():
        x = MARGIN
        for text, width in zip(headers, widths, strict=True):
            _text(c, text, x, pages.y - 9, width - 6, 7.5, bold=True, color=MUTED)
            x += width
        pages.y -= 13

    header()
    for row in rows:
        if pages.ensure(size + 6):
            header()
        x = MARGIN
        for text, width in zip(row, widths, strict=True):
            _text(c, text, x, pages.y - size - 1, width - 6, size, min_size=size * 0.65)
            x += width
        pages.y -= size + 6
        c.setStrokeColor(RULE)
        c.setLineWidth(0.3)
        c.line(MARGIN, pages.y + 2, PAGE_WIDTH - MARGIN, pages.y + 2)


def _place(entry, language) -> str:
    if entry.venue is not None:
        return localized(entry.venue.name, language)
    return entry.location_text or entry.location_address


def _programme(pages: _Pages, board, show_guests: bool, language: str):
    """Every entry of the day once, with what the blocks have no room for: whole title, place, car, staff."""
    data = board.data
    names = {d.pk: d.name for d in data.delegations}
    clash_numbers = {}
    for note in board.clashes:
        for key in note.keys:
            clash_numbers.setdefault(key, []).append(str(note.number))
    rows = []
    for entry in sorted((*data.items, *data.sessions), key=lambda e: (e.start, e.end, e.source, e.pk)):
        if entry.source == "item":
            whose = [names[pk] for pk in sorted(data.delegation_ids_of_item(entry)) if pk in names]
            if show_guests:
                whose += [p.name for p in data.participants.get(entry.pk, ()) if p.delegation_id is None]
        else:
            whose = [names[pk] for pk in sorted(data.attendance.get(entry.pk, ())) if pk in names]
        staff = [staff_name(s, show_guests) for s in dict.fromkeys(
            s for s in (entry.liaison_officer, entry.interpreter, entry.driver) if s is not None)]
        status = {"tentative": _("tentative"), "cancelled": _("cancelled")}.get(entry.status, "")
        rows.append([
            f"{entry.start.astimezone(data.event.tzinfo):%H:%M}–{entry.end.astimezone(data.event.tzinfo):%H:%M}",
            localized(entry.title, language), ", ".join(whose), _place(entry, language),
            entry.vehicle.plate if entry.vehicle is not None else "", ", ".join(staff),
            " ".join(filter(None, [status, *(f"[{n}]" for n in clash_numbers.get(f"{entry.source}-{entry.pk}", []))])),
        ])
    usable = PAGE_WIDTH - 2 * MARGIN
    widths = [70, 260, 250, 190, 80, 170]
    widths.append(usable - sum(widths))
    _table(pages, _("Programme of the day"), [_("Time"), _("Title"), _("Delegations"), _("Place"), _("Car"), _("Staff"), ""],
           widths, rows, size=7.5)


def render_run_of_show(data: DayData, *, show_guests: bool, language: str, now) -> bytes:
    event = data.event
    board = build_board(data, "delegations", show_guests=show_guests, language=language, now=now)
    movements = day_movements(data, show_guests=show_guests)
    name = localized(event.name, language, event.default_language)
    run_of_show = _("Run of show")
    title = f"{name} · {run_of_show} · {data.day.isoformat()} ({event.timezone})"
    buffer = io.BytesIO()
    pages = _Pages(buffer, data, title, language)
    _timeline(pages, board)

    _programme(pages, board, show_guests, language)

    headers = [_("Arrival") + " / " + _("Departure"), _("Flight"), _("Local time"), _("From / to"), _("Terminal"),
               _("Delegation"), *([_("Guests")] if show_guests else []), _("Greeter"), _("Car")]
    usable = PAGE_WIDTH - 2 * MARGIN
    widths = [90, 60, 60, 100, 55, 190, *([250] if show_guests else []), 150]
    widths.append(usable - sum(widths))
    rows = [[
        _("Arrival") if m.direction == "arrival" else _("Departure"), m.flight, f"{m.time:%H:%M}", m.other_place,
        m.terminal, m.delegations, *([m.guests] if show_guests else []), m.greeter, m.car,
    ] for m in movements]
    if rows:
        _table(pages, _("Arrivals and departures"), headers, widths, rows)
    else:
        pages.y -= 10
        _text(pages.canvas, _("No arrivals or departures on this day."), MARGIN, pages.y - 12, usable, 10, color=MUTED)
        pages.y -= 20
    if board.clashes:
        _table(pages, _("Clashes"), ["#", _("Clash")], [30, usable - 30],
               [[str(note.number), f"{note.label}: {note.text}"] for note in board.clashes], size=7.5)
    pages.canvas.save()
    return buffer.getvalue()
