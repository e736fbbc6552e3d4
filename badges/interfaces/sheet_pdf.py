"""Drawing badges: many badges on one canvas, fast and small.

What is the same on every badge of a category (bands, labels, logo, event name, fixed texts) is
drawn once into a PDF form and placed with one operator; so is the fixed part of every QR symbol
(finder, timing, alignment patterns, format information). Per badge we write only the guest's
text (shaped by core.typesetting), the QR data modules as rectangles, and the photo, which is
embedded once per distinct image however often it is drawn.

    renderer = SheetRenderer(template, event, output)     # output: a path or a binary file
    for content in contents:                              # BadgeContent, see badges.domain.content; prepared: badges.domain.prepared
        renderer.add(content)
    renderer.finish()
"""
import contextlib
import io
import threading
from functools import lru_cache

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc

from badges.domain import layout as layouts
from badges.domain.geometry import MM
from badges.domain.prepared import (
    BASELINE,
    LEADING,
    LINE_BOX,
    STATIC_FIELDS,
    Box,
    PreparedTemplate,
    box_texts,
    fit_in_box,
)
from core.typesetting import draw_line, layout_line, new_canvas

from .pdf_ops import contrasting_text, fill_op, hex_to_rgb, jpeg_components
from .pdf_ops import fmt as _f
from .qr_pdf import draw_qr

CROP_MARK_LENGTH = 4 * MM
CROP_MARK_OFFSET = 1 * MM
_save_lock = threading.Lock()
TEXT_CACHE_SIZE = 4096  # per PDF part (badges.interfaces.sheet_parts): at most a chunk's texts


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
        # Names, positions and delegations repeat across a batch: each distinct (box, text) is fitted
        # and shaped once per PDF and its operators reused.
        self._text_operators = lru_cache(maxsize=TEXT_CACHE_SIZE)(self._shaped_text)
        self._logo = ImageReader(io.BytesIO(prepared.logo_data)) if prepared.logo_data else None
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
            image.colorSpace = "DeviceRGB" if jpeg_components(photo.jpeg) == 3 else "DeviceGray"
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
                draw_qr(self.canvas, self._use_form, content.qr_text, box)
            elif field == "photo":
                self._draw_photo(content.photo, box)
            elif field == "zone_chips" and content.zones:
                key = f"zones-{side}-{index}-" + "-".join(code for code, _ in content.zones)
                self._use_form(key, lambda b=box, z=content.zones: self._draw_zone_chips(z, b))
        code.append("Q")

    def _draw_cached_text(self, text, box, box_key):
        ops = self._text_operators(text, box_key)
        if ops:
            self.canvas._code.append(ops)

    def _shaped_text(self, text, box_key):
        side, index = box_key
        box = (self.prepared.front if side == "front" else self.prepared.back)[index]
        code = self.canvas._code
        mark = len(code)
        self._draw_text(text, box, 0, 0, box.element["colour"])
        ops = "\n".join(code[mark:])
        del code[mark:]
        return ops

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
            elif field == "logo" and self._logo is not None:
                self.canvas.drawImage(self._logo, box.x, box.y, box.w, box.h, mask="auto",
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
        for (_zone_code, colour), line, width in zip(zones, lines, widths):
            if x + width > box.x + box.w + 0.01:
                break  # cannot happen above 3 pt; never draw outside the box
            code.append(f"{fill_op(colour)} {_f(x)} {_f(y)} {_f(width)} {_f(chip_h)} re f")
            code.append("1 1 1 RG 0.6 w " + f"{_f(x)} {_f(y)} {_f(width)} {_f(chip_h)} re S")
            code.append(fill_op(contrasting_text(colour)))
            draw_line(self.canvas, line, x + width / 2, y + (chip_h - 0.7 * size) / 2, align="center")
            x += width + gap


@contextlib.contextmanager
def _rl_setting(name, value):
    old = getattr(rl_config, name)
    setattr(rl_config, name, value)
    try:
        yield
    finally:
        setattr(rl_config, name, old)

