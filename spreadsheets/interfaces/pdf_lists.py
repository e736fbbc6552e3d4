"""The rooming list and the transport manifest as printable PDF (A4 landscape): a heading per hotel
(or per vehicle and day, with its driver), a table whose header row repeats on every page, every
name in its own script through the project's one text renderer (core.typesetting)."""
import datetime
import io

from django.utils import translation
from django.utils.translation import pgettext_lazy
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape

from core.typesetting import draw_line, fit_text, layout_line, new_canvas

from .cells import display_width

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 28
SIZE, MIN_SIZE, LEADING = 8.5, 6.5, 1.25
INK, MUTED, RULE, ACCENT = HexColor("#1a1a1a"), HexColor("#5f6368"), HexColor("#c8c8c8"), HexColor("#9b1c1c")
# Columns printed per list (the group heading names the hotel, or the vehicle, day and driver).
PRINTED = {
    "rooming-list": ["room", "guest", "delegation", "check_in", "check_out", "nights", "sharing"],
    "transport-manifest": ["time", "until", "what", "from", "to", "flight", "passengers", "count"],
}
PAGE = pgettext_lazy("spreadsheet", "page {n}")
NO_ROWS = pgettext_lazy("spreadsheet", "Nothing to list.")


def _text(value, key) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%H:%M") if key in ("time", "until") else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


class _Page:
    def __init__(self, buffer, title, headers, widths):
        self.canvas = new_canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
        self.title, self.headers, self.widths = title, headers, widths
        self.number = 0
        self.y = 0
        self.start()

    def start(self):
        self.number += 1
        c = self.canvas
        draw_line(c, layout_line(self.title, 14, bold=True), MARGIN, PAGE_HEIGHT - MARGIN - 10)
        draw_line(c, layout_line(str(PAGE).format(n=self.number), 7), PAGE_WIDTH - MARGIN, MARGIN - 12, align="right")
        self.y = PAGE_HEIGHT - MARGIN - 30
        self.header_row()

    def header_row(self):
        self.row(self.headers, bold=True, color=MUTED)

    def ensure(self, height):
        if self.y - height < MARGIN:
            self.canvas.showPage()
            self.start()

    def heading(self, text):
        self.ensure(40)
        self.y -= 6
        draw_line(self.canvas, layout_line(text, 10.5, bold=True), MARGIN, self.y - 10.5)
        self.canvas.setFillColor(INK)
        self.y -= 16

    def row(self, cells, *, bold=False, color=INK):
        fits = [fit_text(text, width - 6, SIZE, MIN_SIZE, max_lines=3, bold=bold) if text else None
                for text, width in zip(cells, self.widths, strict=True)]
        lines = max([len(fit.lines) for fit in fits if fit] + [1])
        height = lines * SIZE * LEADING + 4
        if not bold:
            self.ensure(height)
        c, x = self.canvas, MARGIN
        c.setFillColor(color)
        for fit, width in zip(fits, self.widths, strict=True):
            if fit:
                for index, line in enumerate(fit.lines):
                    draw_line(c, line, x, self.y - fit.size - index * fit.size * LEADING)
            x += width
        c.setFillColor(INK)
        self.y -= height
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        c.line(MARGIN, self.y + 1.5, PAGE_WIDTH - MARGIN, self.y + 1.5)


def _widths(table, keys, indexes):
    usable = PAGE_WIDTH - 2 * MARGIN
    wants = []
    for key, index in zip(keys, indexes, strict=True):
        longest = max([display_width(_text(row[index], key)) for row in table.rows[:500]] + [8])
        wants.append(min(max(longest, display_width(table.columns[index].header(table.language)), 6), 40))
    total = sum(wants)
    return [usable * want / total for want in wants]


def _group_title(table, title, first):
    if table.kind != "transport-manifest" or first >= len(table.rows):
        return title
    row = dict(zip((c.key for c in table.columns), table.rows[first], strict=True))
    driver = " ".join(part for part in (row["driver"], row["driver_phone"]) if part)
    return f"{title} · {driver}" if driver else title


def write_pdf(table) -> bytes:
    keys = PRINTED[table.kind]
    positions = {column.key: index for index, column in enumerate(table.columns)}
    indexes = [positions[key] for key in keys]
    with translation.override(table.language):
        buffer = io.BytesIO()
        headers = [table.columns[index].header(table.language) for index in indexes]
        page = _Page(buffer, table.title, headers, _widths(table, keys, indexes))
        if not table.rows:
            page.heading(str(NO_ROWS))
        for title, first, end in table.groups:
            page.heading(_group_title(table, title, first))
            for row in table.rows[first:end]:
                page.row([_text(row[index], key) for key, index in zip(keys, indexes, strict=True)])
        page.canvas.save()
    return buffer.getvalue()
