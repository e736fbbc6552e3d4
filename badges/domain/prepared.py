"""A template prepared for a batch: its boxes in points, which per-guest texts it shows, and how
a text fits its box (the decisions the sheet renderer, coverage and issuing share)."""
import logging
from dataclasses import dataclass
from functools import cached_property, lru_cache

from core.typesetting import Fit, fit_text

from . import layout as layouts
from .category_styles import category_style
from .geometry import MM, badge_size_mm, sheet_geometry

logger = logging.getLogger(__name__)
LEADING = 1.2  # baseline to baseline, in font sizes
LINE_BOX = 1.15  # height one line needs, in font sizes
BASELINE = 0.9  # baseline below the top of a line box, in font sizes
STATIC_FIELDS = {"rect", "category_band", "logo", "event_name", "text", "category_label"}


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
        self.width_mm, self.height_mm = badge_size_mm(
            template.size, template.orientation, template.width_mm, template.height_mm
        )
        self.geometry = sheet_geometry(
            self.width_mm, self.height_mm, layout=template.sheet_layout,
            gutter_mm=template.gutter_mm, bleed_mm=template.bleed_mm,
        )
        self.front = self._boxes(layouts.validate_layout(template.front_layout, self.width_mm, self.height_mm))
        self.back = self._boxes(
            layouts.validate_layout(template.back_layout or [], self.width_mm, self.height_mm, side="back")
        )
        self.category_styles = template.category_styles or {}

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

    @cached_property
    def logo_data(self) -> bytes | None:
        """The logo's bytes, read once through its storage; None without one or when it cannot be read."""
        logo = self.template.logo
        if not logo:
            return None
        try:
            with logo.storage.open(logo.name, "rb") as handle:
                return handle.read()
        except Exception:  # noqa: BLE001 - a broken logo must not stop printing; it is left out
            logger.warning("The logo of badge template %s cannot be read", self.template.pk, exc_info=True)
            return None

    def photo_frame(self):
        for boxes in self.sides:
            for box in boxes:
                if box.field == "photo":
                    return box.w, box.h
        return None

    def style(self, category):
        return category_style(self.category_styles, category)

    def event_name(self, language):
        return self.event.display_name(language or self.event.default_language)


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

