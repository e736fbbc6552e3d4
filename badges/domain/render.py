"""Drawing badges: many badges on one canvas, fast and small.

What is the same on every badge of a category (bands, labels, logo, event name, fixed texts) is
drawn once into a PDF form and placed with one operator; so is the fixed part of every QR symbol
(finder, timing, alignment patterns, format information). Per badge we write only the guest's
text (shaped by core.typesetting), the QR data modules as rectangles, and the photo, which is
embedded once per distinct image however often it is drawn.

    renderer = SheetRenderer(template, event, output)     # output: a path or a binary file
    for content in contents:                              # BadgeContent, see badges.domain.content
        renderer.add(content)
    renderer.finish()
"""
import contextlib
import io
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc

from core.typesetting import Fit, draw_line, fit_text, layout_line, new_canvas

from . import layout as layouts
from .layout import MM
from .qrmatrix import SIZE as QR_SIZE
from .qrmatrix import data_rows, fits_fast_path, function_rows, qr_matrix

LEADING = 1.2  # baseline to baseline, in font sizes
LINE_BOX = 1.15  # height one line needs, in font sizes
BASELINE = 0.9  # baseline below the top of a line box, in font sizes
QUIET_ZONE = 4  # modules of white around a QR symbol
STATIC_FIELDS = {"rect", "category_band", "logo", "event_name", "text", "category_label"}
CROP_MARK_LENGTH = 4 * MM
CROP_MARK_OFFSET = 1 * MM
_RUNS = re.compile("1+")
_save_lock = threading.Lock()
TEXT_CACHE_SIZE = 50_000


def _f(value):
    return f"{value:.2f}".rstrip("0").rstrip(".")


def hex_to_rgb(colour):
    return tuple(int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))


def fill_op(colour):
    return "%s %s %s rg" % tuple(_f(c) for c in hex_to_rgb(colour))


def contrasting_text(colour):
    r, g, b = hex_to_rgb(colour)
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 0.6 else "#FFFFFF"


@dataclass
class Box:
    """A layout element with its position in points relative to the badge's bottom-left corner."""

    element: dict
    field: str
    x: float
    y: float  # bottom
    w: float
    h: float

    @property
    def top(self):
        return self.y + self.h


class PreparedTemplate:
    """Everything about a template that does not depend on the guest, computed once."""

    def __init__(self, template, event):
        self.template = template
        self.event = event
        self.width_mm, self.height_mm = layouts.badge_size_mm(
            template.size, template.orientation, template.width_mm, template.height_mm
        )
        self.geometry = layouts.sheet_geometry(
            self.width_mm, self.height_mm, layout=template.sheet_layout,
            gutter_mm=template.gutter_mm, bleed_mm=template.bleed_mm,
        )
        self.front = self._boxes(layouts.validate_layout(template.front_layout, self.width_mm, self.height_mm))
        self.back = self._boxes(
            layouts.validate_layout(template.back_layout or [], self.width_mm, self.height_mm, side="back")
        )
        self.category_styles = template.category_styles or {}
        self.logo = None
        if template.logo:
            try:
                template.logo.open("rb")
                self.logo = ImageReader(io.BytesIO(template.logo.read()))
                template.logo.close()
            except Exception:  # noqa: BLE001 - a broken logo must not stop printing; it is left out
                self.logo = None

    def _boxes(self, elements):
        height = self.height_mm * MM
        return [
            Box(e, e["field"], e["x"] * MM, height - (e["y"] + e["h"]) * MM, e["w"] * MM, e["h"] * MM)
            for e in elements
        ]

    @property
    def sides(self):
        return (self.front, self.back) if self.back else (self.front,)

    def text_fields(self):
        """{field: bold?} of every per-guest text the template shows (bold if any box uses bold)."""
        fields = {}
        for boxes in self.sides:
            for box in boxes:
                if box.field in layouts.TEXT_FIELDS and box.field not in STATIC_FIELDS:
                    bold = box.element["bold"]
                    for field in (box.field, box.element.get("fallback")):
                        if field:
                            fields[field] = fields.get(field, False) or bold
        return fields

    def names_that_do_not_fit(self, texts) -> list[dict]:
        """[{field, message}] for each name (layouts.NAME_FIELDS) that its box could only show cut,
        even wrapped and at its smallest size. Such a badge is not printed: a cut name is a wrong name."""
        problems = []
        for boxes in self.sides:
            for index, (field, text) in box_texts(boxes, texts).items():
                if not text or field not in layouts.NAME_FIELDS or any(p["field"] == field for p in problems):
                    continue
                box = boxes[index]
                if fit_in_box(text, box).truncated:
                    lines = box.element["max_lines"]
                    problems.append({"field": field, "message": (
                        f"{field}: {len(text)} characters do not fit its box "
                        f"({round(box.w / MM, 1):g} × {round(box.h / MM, 1):g} mm) "
                        f"in {lines} line{'s' if lines > 1 else ''} at {box.element['min_size']:g} pt")})
        return problems

    def photo_frame(self):
        for boxes in self.sides:
            for box in boxes:
                if box.field == "photo":
                    return box.w, box.h
        return None

    def style(self, category):
        return layouts.category_style(self.category_styles, category)

    def event_name(self, language):
        return self.event.display_name(language or self.event.default_language)


class SheetRenderer:
    def __init__(self, prepared: PreparedTemplate, output, *, title="Badges"):
        self.prepared = prepared
        self.geometry = prepared.geometry
        self.canvas = new_canvas(output, pagesize=(self.geometry.page_width, self.geometry.page_height),
                                 pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setCreator("Liaison")
        g = self.geometry
        if g.single and g.bleed:
            self.canvas.setTrimBox((g.bleed, g.bleed, g.page_width - g.bleed, g.page_height - g.bleed))
        self._forms = {}
        self._images = {}
        self._text_cache = {}
        self._page = []  # BadgeContent on the current front page
        self.pages = 0

    # --- public ---------------------------------------------------------------------------------
    def add(self, content):
        if len(self._page) == len(self.geometry.slots):
            self._flush_page()
        slot = self.geometry.slots[len(self._page)]
        code_length = len(self.canvas._code)
        try:
            self._draw_badge(content, self.prepared.front, slot[0], slot[1])
        except Exception:
            del self.canvas._code[code_length:]  # leave no half-drawn badge on the page
            raise
        self._page.append(content)

    def finish(self):
        if self._page or not self.pages:
            self._flush_page()
        # reportlab's default ASCII85 wrapping makes every stream 25 % larger; PDF is binary-safe.
        with _save_lock, _rl_setting("useA85", 0):
            self.canvas.save()

    # --- pages ----------------------------------------------------------------------------------
    def _flush_page(self):
        self._finish_side()
        self.canvas.showPage()
        self.pages += 1
        if self.prepared.back and self._page:
            for index, content in enumerate(self._page):
                x, y = self.geometry.slots[index]
                self._draw_badge(content, self.prepared.back, self.geometry.mirrored_x(x), y)
            self._finish_side()
            self.canvas.showPage()
            self.pages += 1
        self._page = []

    def _finish_side(self):
        if self.prepared.template.crop_marks and not self.geometry.single:
            self._use_form("crop-marks", self._draw_crop_marks)

    def _draw_crop_marks(self):
        g = self.geometry
        code = self.canvas._code
        xs = sorted({round(x, 3) for x, _ in g.slots} | {round(x + g.badge_width, 3) for x, _ in g.slots})
        ys = sorted({round(y, 3) for _, y in g.slots} | {round(y + g.badge_height, 3) for _, y in g.slots})
        left, right, bottom, top = xs[0], xs[-1], ys[0], ys[-1]
        start = g.bleed + CROP_MARK_OFFSET
        length = min(CROP_MARK_LENGTH, left - start - 1, bottom - start - 1)
        if length < 1.5 * MM:
            return
        ops = ["0 G 0.25 w"]
        for x in xs:
            ops.append(f"{_f(x)} {_f(top + start)} m {_f(x)} {_f(top + start + length)} l S")
            ops.append(f"{_f(x)} {_f(bottom - start)} m {_f(x)} {_f(bottom - start - length)} l S")
        for y in ys:
            ops.append(f"{_f(left - start)} {_f(y)} m {_f(left - start - length)} {_f(y)} l S")
            ops.append(f"{_f(right + start)} {_f(y)} m {_f(right + start + length)} {_f(y)} l S")
        code.append("\n".join(ops))

    # --- forms and images -----------------------------------------------------------------------
    def _use_form(self, name, draw):
        """Place form `name` (defining it with `draw()` the first time) at the current origin."""
        canvas = self.canvas
        if name not in self._forms:
            # The form's box must hold what runs into the bleed (negative coordinates) too.
            margin = self.geometry.bleed + 1
            canvas.beginForm(name, lowerx=-margin, lowery=-margin,
                             upperx=self.geometry.page_width + margin, uppery=self.geometry.page_height + margin)
            try:
                draw()
            except BaseException:
                # Abandon the half-drawn form and return to the page, as endForm() would.
                canvas._restartAccumulators()
                canvas.pop_state_stack()
                raise
            canvas.endForm()
            self._forms[name] = True
        canvas.doForm(name)

    def _image_name(self, photo):
        """Register the prepared JPEG once per PDF; returns its XObject name."""
        name = self._images.get(photo.key)
        if name is None:
            doc = self.canvas._doc
            name = f"photo-{photo.key}"
            image = pdfdoc.PDFImageXObject(name)
            image.width, image.height = photo.width, photo.height
            image.bitsPerComponent = 8
            image.colorSpace = "DeviceRGB" if _jpeg_components(photo.jpeg) == 3 else "DeviceGray"
            image.streamContent = photo.jpeg
            image._filters = ("DCTDecode",)
            image.mask = None
            reg_name = doc.getXObjectName(name)
            doc.Reference(image, reg_name)
            doc.addForm(name, image)
            self._images[photo.key] = name
        return name

    # --- one badge ------------------------------------------------------------------------------
    def _draw_badge(self, content, boxes, x0, y0):
        """Everything per badge is drawn in badge coordinates inside one translated group."""
        style = self.prepared.style(content.category)
        side = "front" if boxes is self.prepared.front else "back"
        code = self.canvas._code
        code.append(f"q 1 0 0 1 {_f(x0)} {_f(y0)} cm")
        self._use_form(f"static-{side}-{content.category}", lambda: self._draw_static(boxes, style))
        texts = box_texts(boxes, content.texts)
        for index, box in enumerate(boxes):
            field = box.field
            if field in STATIC_FIELDS:
                continue
            if field in layouts.TEXT_FIELDS:
                _, text = texts[index]
                if text:
                    self._draw_cached_text(text, box, (side, index))
            elif field == "qr":
                self._draw_qr(content.qr_text, box)
            elif field == "photo":
                self._draw_photo(content.photo, box)
            elif field == "zone_chips" and content.zones:
                key = f"zones-{side}-{index}-" + "-".join(code for code, _ in content.zones)
                self._use_form(key, lambda b=box, z=content.zones: self._draw_zone_chips(z, b))
        code.append("Q")

    def _draw_cached_text(self, text, box, box_key):
        """Names, positions and delegations repeat across a batch: each distinct (box, text) is
        fitted and shaped once per PDF and its operators reused."""
        key = (box_key, text)
        ops = self._text_cache.get(key)
        if ops is None:
            code = self.canvas._code
            mark = len(code)
            self._draw_text(text, box, 0, 0, box.element["colour"])
            ops = "\n".join(code[mark:])
            del code[mark:]
            if len(self._text_cache) > TEXT_CACHE_SIZE:
                self._text_cache.clear()
            self._text_cache[key] = ops
        if ops:
            self.canvas._code.append(ops)

    def _draw_static(self, boxes, style):
        """Fixed elements, in badge coordinates (origin at the badge's bottom-left trim corner)."""
        code = self.canvas._code
        for box in boxes:
            field, element = box.field, box.element
            if field in ("rect", "category_band"):
                x, y, w, h = self._bled(box)
                colour = element["colour"] if field == "rect" else style["colour"]
                code.append(f"{fill_op(colour)} {_f(x)} {_f(y)} {_f(w)} {_f(h)} re f")
                if field == "category_band" and element["label"] and style["label"]:
                    text_colour = element.get("colour") or contrasting_text(style["colour"])
                    padding = min(2 * MM, box.w / 4)  # a narrow band keeps room for its label
                    inner = Box(element, field, box.x + padding, box.y, box.w - 2 * padding, box.h)
                    self._draw_text(style["label"], inner, 0, 0, text_colour)
            elif field == "logo" and self.prepared.logo is not None:
                self.canvas.drawImage(self.prepared.logo, box.x, box.y, box.w, box.h, mask="auto",
                                      preserveAspectRatio=True, anchor="c")
            elif field == "event_name":
                self._draw_text(self.prepared.event_name(element["language"]), box, 0, 0, element["colour"])
            elif field == "text":
                self._draw_text(element["text"], box, 0, 0, element["colour"])
            elif field == "category_label" and style["label"]:
                self._draw_text(style["label"], box, 0, 0, element["colour"])

    def _bled(self, box):
        """A filled box that touches the trim edge runs on into the bleed."""
        bleed = self.geometry.bleed
        x, y, w, h = box.x, box.y, box.w, box.h
        if bleed:
            width, height = self.geometry.badge_width, self.geometry.badge_height
            if x <= 0.01:
                x, w = x - bleed, w + bleed
            if x + w >= width - 0.01:
                w += bleed
            if y <= 0.01:
                y, h = y - bleed, h + bleed
            if y + h >= height - 0.01:
                h += bleed
        return x, y, w, h

    def _draw_text(self, text, box, x0, y0, colour):
        lines, size, _ = fit_in_box(text, box)
        if not lines:
            return
        canvas = self.canvas
        canvas._code.append(fill_op(colour))
        block = ((len(lines) - 1) * LEADING + LINE_BOX) * size
        baseline = y0 + box.top - (box.h - block) / 2 - BASELINE * size
        align = box.element["align"]
        x = x0 + box.x + {"left": 0, "center": box.w / 2, "right": box.w}[align]
        for line in lines:
            draw_line(canvas, line, x, baseline, align=align)
            baseline -= LEADING * size

    def _draw_qr(self, text, box):
        side = min(box.w, box.h)
        module = side / (QR_SIZE + 2 * QUIET_ZONE)
        x = box.x + (box.w - side) / 2
        y = box.y + (box.h - side) / 2
        code = self.canvas._code
        code.append(f"q 1 g {_f(x)} {_f(y)} {_f(side)} {_f(side)} re f")
        code.append(f"{fill_op(box.element['colour'])} {module:.4f} 0 0 {module:.4f} "
                    f"{_f(x + QUIET_ZONE * module)} {_f(y + QUIET_ZONE * module)} cm")
        if fits_fast_path(text):
            self._use_form("qr-fixed", lambda: self.canvas._code.append(qr_rectangles(function_rows())))
            code.append(qr_rectangles(data_rows(text)))
        else:
            code.append(qr_rectangles(["".join("1" if v else "0" for v in row) for row in qr_matrix(text)]))
        code.append("Q")

    def _draw_photo(self, photo, box):
        code = self.canvas._code
        x, y = box.x, box.y
        if photo is None:
            code.append(f"0.93 g {_f(x)} {_f(y)} {_f(box.w)} {_f(box.h)} re f")
        else:
            name = self._image_name(photo)
            code.append(f"q {_f(box.w)} 0 0 {_f(box.h)} {_f(x)} {_f(y)} cm /{self.canvas._doc.getXObjectName(name)} Do Q")
            self.canvas._formsinuse.append(name)
            self.canvas._currentPageHasImages = 1
        border = box.element["border"]
        if border:
            r, g, b = hex_to_rgb(border)
            code.append(f"{_f(r)} {_f(g)} {_f(b)} RG 0.5 w {_f(x)} {_f(y)} {_f(box.w)} {_f(box.h)} re S")

    def _draw_zone_chips(self, zones, box):
        """Chips in badge coordinates; shrinks the text until all chips fit the box."""
        bold = box.element["bold"]
        gap = 1 * MM
        size = min(box.element["size"], box.h / 1.4)
        while True:
            lines = [layout_line(code, size, bold) for code, _ in zones]
            pad = 0.35 * size
            widths = [line.width + 2 * pad for line in lines]
            total = sum(widths) + gap * (len(widths) - 1)
            if total <= box.w or size <= 3:
                break
            size = max(3, size * box.w / total * 0.98)
        align = box.element["align"]
        x = box.x + {"left": 0, "center": (box.w - total) / 2, "right": box.w - total}[align]
        chip_h = min(box.h, size * 1.5)
        y = box.y + (box.h - chip_h) / 2
        code = self.canvas._code
        for (zone_code, colour), line, width in zip(zones, lines, widths):
            if x + width > box.x + box.w + 0.01:
                break  # cannot happen above 3 pt; never draw outside the box
            code.append(f"{fill_op(colour)} {_f(x)} {_f(y)} {_f(width)} {_f(chip_h)} re f")
            code.append("1 1 1 RG 0.6 w " + f"{_f(x)} {_f(y)} {_f(width)} {_f(chip_h)} re S")
            code.append(fill_op(contrasting_text(colour)))
            draw_line(self.canvas, line, x + width / 2, y + (chip_h - 0.7 * size) / 2, align="center")
            x += width + gap


def box_texts(boxes, texts) -> dict:
    """{box index: (field, text)} for the per-guest text boxes, with fallbacks applied: a box whose
    field is empty shows its fallback field, whose own box then stays empty (nothing is shown twice)."""
    result = {}
    moved = set()
    for index, box in enumerate(boxes):
        if box.field not in layouts.TEXT_FIELDS or box.field in STATIC_FIELDS:
            continue
        field = box.field
        text = "" if field in moved else texts.get(field, "")
        fallback = box.element.get("fallback")
        if not text and fallback and fallback not in moved and texts.get(fallback):
            field, text = fallback, texts[fallback]
            moved.add(fallback)
        result[index] = (field, text)
    return result


def fit_in_box(text, box) -> Fit:
    """The text at the largest size that fits the box, in as few lines as possible (up to the box's
    max_lines). The block never exceeds the box's width or height; `truncated` says it had to be cut."""
    element = box.element
    return _fit_in_box(text, box.w, box.h, element["size"], element["min_size"], element["max_lines"],
                       element["bold"])


@lru_cache(maxsize=4096)  # checking a badge (names_that_do_not_fit) and drawing it fit the same texts
def _fit_in_box(text, width, height, size, min_size, max_lines, bold) -> Fit:
    def cap(lines):  # the largest size at which `lines` lines fit the box's height
        return min(size, height / ((lines - 1) * LEADING + LINE_BOX))

    if max_lines > 1:
        # Shrink a little first; wrap before the text gets much smaller than designed; only then
        # go down to min_size (on one line or several), and cut with an ellipsis as a last resort.
        floor = max(min_size, 0.75 * size)
        for lines in range(1, max_lines + 1):
            fit = fit_text(text, width, cap(lines), min(floor, cap(lines)), max_lines=lines, bold=bold)
            if not fit.truncated:
                return fit
    top = cap(max_lines)
    return fit_text(text, width, top, min(min_size, top), max_lines=max_lines, bold=bold)


def qr_rectangles(rows) -> str:
    """Dark modules ("1" in each row string) as rectangles in module units, origin at the symbol's
    bottom-left corner: one rectangle per horizontal run of dark modules."""
    if len(rows) == QR_SIZE:
        return _qr_rectangles_41(rows)
    height = len(rows)
    rects = []
    for index, row in enumerate(rows):
        y = height - 1 - index
        rects.extend(f"{a} {y} {b - a} 1 re" for a, b in (match.span() for match in _RUNS.finditer(row)))
    return " ".join(rects) + " f" if rects else ""


_CHUNK = 7  # a 41-module row is read as six 7-bit chunks (the last one padded with a light module)


@lru_cache(maxsize=1)
def _chunk_table():
    """[row][chunk][7-bit value] -> the rectangles of the runs inside that chunk of that row.
    Runs that cross a chunk boundary become two rectangles: a few more bytes, 6× less Python."""
    table = []
    for row in range(QR_SIZE):
        y = QR_SIZE - 1 - row
        chunks = []
        for chunk in range(6):
            values = []
            for value in range(128):
                ops = []
                for match in _RUNS.finditer(format(value, "07b")):
                    start, end = match.span()
                    x = chunk * _CHUNK + start
                    end = min(chunk * _CHUNK + end, QR_SIZE)
                    if x < end:
                        ops.append(f"{x} {y} {end - x} 1 re")
                values.append(" ".join(ops))
            chunks.append(values)
        table.append(chunks)
    return table


def _qr_rectangles_41(rows) -> str:
    table = _chunk_table()
    parts = []
    for row, cells in zip(table, rows):
        v = int(cells, 2) << 1  # 42 bits
        parts.extend((row[0][v >> 35 & 127], row[1][v >> 28 & 127], row[2][v >> 21 & 127],
                      row[3][v >> 14 & 127], row[4][v >> 7 & 127], row[5][v & 127]))
    ops = " ".join(filter(None, parts))
    return ops + " f" if ops else ""


def _jpeg_components(data: bytes) -> int:
    """Number of colour components from the JPEG's SOF marker (3 for RGB, 1 for grey)."""
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xC0, 0xC1, 0xC2):
            return data[i + 9]
        length = int.from_bytes(data[i + 2:i + 4], "big")
        i += 2 + length
    return 3


@contextlib.contextmanager
def _rl_setting(name, value):
    old = getattr(rl_config, name)
    setattr(rl_config, name, value)
    try:
        yield
    finally:
        setattr(rl_config, name, old)
