"""Badge templates as data: sizes, the layout schema, its validation, and default layouts.

A layout is a JSON list of boxes. Every box has a ``field`` and a position in millimetres from the
badge's top-left corner (``x``, ``y``, ``w``, ``h``), plus options that depend on the field:

    {"field": "name", "x": 26, "y": 11, "w": 56, "h": 9, "size": 12, "min_size": 6,
     "max_lines": 2, "bold": true, "align": "left", "colour": "#000000"}

FIELD_OPTIONS lists every option of every field with its range and default; the validator fills in
the defaults and the renderer reads nothing else. Text fields shrink a little, then wrap to
``max_lines`` lines (name lines: 2 by default), then shrink down to ``min_size``; only then is a
text cut with an ellipsis, and a name (NAME_FIELDS) is never cut: its badge is not printed and the
guest is reported (``name_does_not_fit``). Text never leaves its box. A guest text box
with ``"fallback": "chinese_name"`` shows that field when its own is empty (the fallback field's
own box is then left empty), so that lines move up instead of leaving a gap.
"""
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from core.multilingual import CONTENT_LANGUAGE_CODES
from events.models import GuestCategory

MM = 72 / 25.4  # points per millimetre

# Sizes in millimetres, (width, height) in portrait orientation.
SIZES_MM = {
    "id1": (53.98, 85.60),
    "a6": (105.0, 148.0),
    "4x3in": (76.2, 101.6),
}
MIN_SIZE_MM = 20
MAX_SIZE_MM = 297

# Text fields drawn from the guest, the badge or the event.
GUEST_TEXT_FIELDS = {
    "name": "given and family name in Latin script",
    "native_name": "the name in the guest's own script (left empty when it repeats the Latin name)",
    "chinese_name": "the name in Chinese (left empty when it repeats the native name)",
    "honorific": "H.E., Dr., Ms. …",
    "position": "position",
    "organization": "organization",
    "delegation": "delegation name",
    "country": "country name",
}
OTHER_TEXT_FIELDS = {
    "category_label": "the category's label from category_styles (VIP, DELEGATE …)",
    "zones": "access zone codes, e.g. ALL · PLENARY",
    "event_name": 'the event name (option "language", default: the event\'s default language)',
    "badge_number": "badge id and version, e.g. No. 000123-2",
    "text": 'fixed text given in the option "text"',
}
TEXT_FIELDS = {**GUEST_TEXT_FIELDS, **OTHER_TEXT_FIELDS}
BOX_FIELDS = {
    "photo": "the guest's photo, cropped to the box",
    "qr": "the signed QR code (square, quiet zone included in the box)",
    "logo": "the template's logo, fitted into the box",
    "category_band": 'a box filled with the category colour; option "label": true writes the label in it',
    "zone_chips": "one coloured chip per access zone",
    "rect": 'a box filled with the option "colour"',
}
FIELDS = {**TEXT_FIELDS, **BOX_FIELDS}

NAME_FIELDS = ("name", "native_name", "chinese_name")  # never cut: a name that does not fit is a problem
POSITION_KEYS = ("field", "x", "y", "w", "h")
ALIGNMENTS = ("left", "center", "right")
REQUIRED = object()  # an Option default: the box must give it


@dataclass(frozen=True)
class Option:
    """One option of a layout box. The validator checks it and fills in its default; the renderer reads
    only normalised boxes, so the two know exactly the same options (FIELD_OPTIONS)."""

    kind: str  # "number", "integer", "boolean", "colour", "choice", "text"
    default: object = None  # a value, a function of the box normalised so far, REQUIRED, or None: left out
    minimum: object = None  # a number, or the name of an option listed before this one
    maximum: object = None
    choices: tuple = ()
    blank: bool = False  # a colour that may be "" (none)
    error: str = ""  # the message for a value outside the choices; may use {key}, {value}, {choices}


def _half_size(box):
    return min(box["size"], max(4.0, box["size"] * 0.5))


def _text_options(*, max_lines=1, align="left", colour="#000000"):
    return {
        "size": Option("number", 9.0, 3, 96),
        "min_size": Option("number", _half_size, 2, "size"),
        "max_lines": Option("integer", max_lines, 1, 4),
        "bold": Option("boolean", False),
        "align": Option("choice", align, choices=ALIGNMENTS),
        "colour": Option("colour", colour),
    }


TEXT_OPTIONS = _text_options()
FIELD_OPTIONS = {
    **{name: TEXT_OPTIONS for name in OTHER_TEXT_FIELDS},
    **{name: {**_text_options(max_lines=2 if name in NAME_FIELDS else 1),
              "fallback": Option("choice", None, choices=tuple(sorted(set(GUEST_TEXT_FIELDS) - {name})),
                                 error="{key} must name another guest text field ({choices})")}
       for name in GUEST_TEXT_FIELDS},
    "text": {**TEXT_OPTIONS, "text": Option("text", REQUIRED)},
    "event_name": {**TEXT_OPTIONS, "language": Option("choice", "", choices=("", *CONTENT_LANGUAGE_CODES),
                                                      error="unknown language {value}")},
    "photo": {"border": Option("colour", "", blank=True)},
    "qr": {"colour": Option("colour", "#000000")},
    "logo": {},
    # colour: the label's colour; absent, the label contrasts with the category colour.
    "category_band": {"label": Option("boolean", False), **_text_options(align="center", colour=None)},
    "zone_chips": {"size": Option("number", 9.0, 3, 96), "bold": Option("boolean", False),
                   "align": Option("choice", "center", choices=ALIGNMENTS)},
    "rect": {"colour": Option("colour", "#000000")},
}
COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
MAX_ELEMENTS = 60

DEFAULT_CATEGORY_STYLES = {
    "head_of_state": {"colour": "#C9A227", "label": "VIP"},
    "head_of_government": {"colour": "#C9A227", "label": "VIP"},
    "minister": {"colour": "#C9A227", "label": "VIP"},
    "head_of_delegation": {"colour": "#C9A227", "label": "VIP"},
    "delegate": {"colour": "#1F5FAD", "label": "DELEGATE"},
    "adviser": {"colour": "#1F5FAD", "label": "DELEGATE"},
    "observer": {"colour": "#1F5FAD", "label": "OBSERVER"},
    "media": {"colour": "#2E8B57", "label": "MEDIA"},
    "interpreter": {"colour": "#6B6B6B", "label": "STAFF"},
    "liaison": {"colour": "#6B6B6B", "label": "STAFF"},
    "security": {"colour": "#6B6B6B", "label": "SECURITY"},
    "staff": {"colour": "#6B6B6B", "label": "STAFF"},
    "organizer": {"colour": "#6B6B6B", "label": "ORGANIZER"},
    "*": {"colour": "#6B6B6B", "label": "GUEST"},
}


def badge_size_mm(size, orientation, width_mm=None, height_mm=None) -> tuple[float, float]:
    """(width, height) of the trimmed badge in millimetres."""
    if size == "custom":
        if width_mm is None or height_mm is None:
            raise ValidationError({"width_mm": "A custom size needs width_mm and height_mm."})
        width, height = float(width_mm), float(height_mm)
        for name, value in (("width_mm", width), ("height_mm", height)):
            if not MIN_SIZE_MM <= value <= MAX_SIZE_MM:
                raise ValidationError({name: f"Must be between {MIN_SIZE_MM} and {MAX_SIZE_MM} mm."})
        return width, height
    if size not in SIZES_MM:
        raise ValidationError({"size": f"Unknown size {str(size)[:20]!r}; use one of {', '.join([*SIZES_MM, 'custom'])}."})
    short, long = SIZES_MM[size]
    return (long, short) if orientation == "landscape" else (short, long)


def _number(value, key, where, *, minimum=None, maximum=None):
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValidationError(f"{where}: {key!r} must be a number.")
    value = float(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValidationError(f"{where}: {key!r} must be a finite number.")
    if minimum is not None and value < minimum:
        raise ValidationError(f"{where}: {key!r} must be at least {minimum:g}.")
    if maximum is not None and value > maximum:
        raise ValidationError(f"{where}: {key!r} must be at most {maximum:g}.")
    return value


def _option_value(option, value, key, where, box):
    """`value` checked against `option`, normalised (numbers as float, colours in capitals)."""
    if option.kind in ("number", "integer"):
        bounds = [box[b] if isinstance(b, str) else b for b in (option.minimum, option.maximum)]
        number = _number(value, key, where, minimum=bounds[0], maximum=bounds[1])
        if option.kind == "integer":
            if number != int(number):
                raise ValidationError(f"{where}: {key!r} must be a whole number.")
            return int(number)
        return number
    if option.kind == "boolean":
        if not isinstance(value, bool):
            raise ValidationError(f"{where}: {key!r} must be true or false.")
        return value
    if option.kind == "colour":
        if option.blank and value == "":
            return ""
        if not isinstance(value, str) or not COLOUR_RE.match(value):
            raise ValidationError(f"{where}: {key!r} must be a colour as #RRGGBB.")
        return value.upper()
    if option.kind == "choice":
        if not isinstance(value, str) or value not in option.choices:
            message = (option.error or "{key} must be one of {choices}").format(
                key=repr(key), value=repr(str(value)[:20]), choices=", ".join(repr(c) for c in option.choices))
            raise ValidationError(f"{where}: {message}.")
        return value
    if option.kind == "text":
        if not isinstance(value, str) or not value.strip() or len(value) > 300 or "\x00" in value:
            raise ValidationError(f"{where}: {key!r} must be a text of 1–300 characters.")
        return value
    raise AssertionError(f"unknown option kind {option.kind!r}")


def validate_layout(layout, width_mm, height_mm, *, side="front"):
    """Raise ValidationError naming the box and the problem; return the normalised layout: every
    option of FIELD_OPTIONS present (defaults filled in), nothing else. Validating a normalised
    layout again returns it unchanged."""
    if not isinstance(layout, list):
        raise ValidationError(f"The {side} layout must be a list of boxes.")
    if len(layout) > MAX_ELEMENTS:
        raise ValidationError(f"The {side} layout has {len(layout)} boxes; the limit is {MAX_ELEMENTS}.")
    normalised = []
    for index, element in enumerate(layout):
        where = f"{side} box {index + 1}"
        if not isinstance(element, dict):
            raise ValidationError(f"{where}: must be an object with field, x, y, w, h.")
        field = element.get("field")
        if not isinstance(field, str) or field not in FIELDS:
            shown = str(field)[:40]
            raise ValidationError(f"{where}: unknown field {shown!r}; known fields: {', '.join(sorted(FIELDS))}.")
        where = f"{side} box {index + 1} ({field})"
        options = FIELD_OPTIONS[field]
        unknown = sorted(str(key)[:40] for key in element if key not in options and key not in POSITION_KEYS)
        if unknown:
            raise ValidationError(
                f"{where}: unknown option {unknown[0]!r}; allowed: {', '.join(sorted([*POSITION_KEYS, *options]))}."
            )
        box = {"field": field}
        for key in ("x", "y", "w", "h"):
            if key not in element:
                raise ValidationError(f"{where}: {key!r} is missing.")
            box[key] = _number(element[key], key, where, minimum=0 if key in ("x", "y") else 0.5)
        tolerance = 0.01
        if box["x"] + box["w"] > width_mm + tolerance or box["y"] + box["h"] > height_mm + tolerance:
            raise ValidationError(
                f"{where}: the box ({box['x']:g}, {box['y']:g}, {box['w']:g} × {box['h']:g} mm) reaches outside "
                f"the badge ({width_mm:g} × {height_mm:g} mm)."
            )
        for key, option in options.items():
            if key in element:
                box[key] = _option_value(option, element[key], key, where, box)
            elif option.default is REQUIRED:
                _option_value(option, None, key, where, box)  # raises, saying what is needed
            elif option.default is not None:
                box[key] = option.default(box) if callable(option.default) else option.default
        if field == "qr" and min(box["w"], box["h"]) < 12:
            raise ValidationError(f"{where}: a QR code needs a box of at least 12 × 12 mm to scan reliably.")
        normalised.append(box)
    return normalised


def validate_category_styles(styles):
    if not isinstance(styles, dict):
        raise ValidationError('Must be an object: {"minister": {"colour": "#C9A227", "label": "VIP"}, …}.')
    known = set(GuestCategory.values) | {"*"}
    for category, style in styles.items():
        if category not in known:
            raise ValidationError(f"Unknown guest category {str(category)[:40]!r}; use one of {', '.join(sorted(known))}.")
        if not isinstance(style, dict):
            raise ValidationError(f"{category}: must be an object with colour and label.")
        unknown = [key for key in style if key not in ("colour", "label")]
        if unknown:
            raise ValidationError(f"{category}: unknown option {str(unknown[0])[:40]!r}; allowed: colour, label.")
        colour = style.get("colour", "#6B6B6B")
        if not isinstance(colour, str) or not COLOUR_RE.match(colour):
            raise ValidationError(f"{category}: 'colour' must be a colour as #RRGGBB.")
        label = style.get("label", "")
        if not isinstance(label, str) or len(label) > 40 or "\x00" in label:
            raise ValidationError(f"{category}: 'label' must be a text of at most 40 characters.")


def category_style(styles, category) -> dict:
    merged = {**DEFAULT_CATEGORY_STYLES, **(styles or {})}
    style = merged.get(category) or merged["*"]
    return {"colour": style.get("colour", "#6B6B6B"), "label": style.get("label", "")}


# --- Default layouts -----------------------------------------------------------------------------
ID1_LANDSCAPE = [
    {"field": "logo", "x": 3, "y": 2, "w": 8, "h": 8},
    {"field": "event_name", "x": 12.5, "y": 2, "w": 70, "h": 4.2, "size": 7.5, "min_size": 5, "bold": True},
    {"field": "event_name", "x": 12.5, "y": 6.2, "w": 70, "h": 3.8, "size": 6, "min_size": 4.5, "language": "en",
     "colour": "#444444"},
    {"field": "photo", "x": 3, "y": 12, "w": 20, "h": 25, "border": "#BBBBBB"},
    {"field": "name", "x": 26, "y": 12, "w": 35, "h": 9, "size": 11, "min_size": 5.5, "max_lines": 2, "bold": True},
    {"field": "native_name", "x": 26, "y": 21.3, "w": 35, "h": 6.2, "size": 10, "min_size": 5.5, "max_lines": 2,
     "fallback": "chinese_name"},
    {"field": "chinese_name", "x": 26, "y": 27.7, "w": 35, "h": 5.8, "size": 10, "min_size": 5.5, "max_lines": 2},
    {"field": "position", "x": 26, "y": 33.6, "w": 35, "h": 6, "size": 6.5, "min_size": 4.5, "max_lines": 2,
     "colour": "#333333"},
    {"field": "delegation", "x": 3, "y": 39.6, "w": 58, "h": 4.2, "size": 6.5, "min_size": 4.5, "colour": "#333333"},
    {"field": "qr", "x": 62.6, "y": 11.5, "w": 21, "h": 21},
    {"field": "badge_number", "x": 62.6, "y": 32.6, "w": 21, "h": 3.2, "size": 5, "min_size": 4, "align": "center",
     "colour": "#666666"},
    {"field": "category_band", "x": 0, "y": 45.5, "w": 85.6, "h": 8.48, "label": True, "size": 12, "bold": True,
     "align": "left"},
    {"field": "zone_chips", "x": 40, "y": 46.9, "w": 43.6, "h": 5.6, "size": 6.5, "bold": True, "align": "right"},
]

ID1_PORTRAIT = [
    {"field": "logo", "x": 3, "y": 2.5, "w": 8, "h": 8},
    {"field": "event_name", "x": 12.5, "y": 2, "w": 39, "h": 9, "size": 7, "min_size": 4.5, "max_lines": 2, "bold": True},
    {"field": "photo", "x": 3, "y": 13, "w": 20, "h": 25, "border": "#BBBBBB"},
    {"field": "qr", "x": 27, "y": 13.5, "w": 24, "h": 24},
    {"field": "name", "x": 3, "y": 40, "w": 48, "h": 9, "size": 12, "min_size": 6, "max_lines": 2, "bold": True,
     "align": "center"},
    {"field": "native_name", "x": 3, "y": 49.2, "w": 48, "h": 6.4, "size": 10.5, "min_size": 5.5, "max_lines": 2,
     "align": "center", "fallback": "chinese_name"},
    {"field": "chinese_name", "x": 3, "y": 55.8, "w": 48, "h": 6, "size": 10.5, "min_size": 5.5, "max_lines": 2,
     "align": "center"},
    {"field": "position", "x": 3, "y": 62, "w": 48, "h": 5.6, "size": 6.5, "min_size": 4.5, "max_lines": 2,
     "align": "center", "colour": "#333333"},
    {"field": "delegation", "x": 3, "y": 67.8, "w": 48, "h": 4, "size": 6, "min_size": 4.5, "align": "center",
     "colour": "#333333"},
    {"field": "category_band", "x": 0, "y": 73, "w": 53.98, "h": 7, "label": True, "size": 13, "bold": True},
    {"field": "category_band", "x": 0, "y": 80, "w": 53.98, "h": 5.6},
    {"field": "zone_chips", "x": 3, "y": 80.2, "w": 47.98, "h": 4.4, "size": 6, "bold": True},
    {"field": "badge_number", "x": 27, "y": 37.5, "w": 24, "h": 2.4, "size": 4.5, "min_size": 4, "align": "center",
     "colour": "#888888"},
]

BACK_ID1_LANDSCAPE = [
    {"field": "event_name", "x": 4, "y": 4, "w": 77.6, "h": 6, "size": 9, "min_size": 5, "bold": True, "align": "center"},
    {"field": "zone_chips", "x": 4, "y": 13, "w": 77.6, "h": 8, "size": 10, "bold": True, "align": "center"},
    {"field": "name", "x": 4, "y": 24, "w": 77.6, "h": 6, "size": 9, "min_size": 5, "align": "center"},
    {"field": "text", "x": 4, "y": 40, "w": 77.6, "h": 8, "size": 6, "min_size": 4.5, "max_lines": 2, "align": "center",
     "text": "This badge must be worn visibly at all times. If found, please return it to the registration desk. "
             "本证件须全程佩戴。如拾到请交还注册处。"},
    {"field": "category_band", "x": 0, "y": 49.98, "w": 85.6, "h": 4, "label": False},
]


def _scaled(layout, from_size, to_size):
    sx, sy = to_size[0] / from_size[0], to_size[1] / from_size[1]
    scale = min(sx, sy)
    out = []
    for element in layout:
        element = dict(element)
        element["x"], element["w"] = round(element["x"] * sx, 2), round(element["w"] * sx, 2)
        element["y"], element["h"] = round(element["y"] * sy, 2), round(element["h"] * sy, 2)
        for key in ("size", "min_size"):
            if key in element:
                element[key] = round(element[key] * scale, 1)
        if element["field"] == "qr":  # keep it square
            side = min(element["w"], element["h"])
            element["w"] = element["h"] = side
        out.append(element)
    return out


def default_layout(width_mm, height_mm, *, side="front"):
    """A sensible layout for any badge size: the ID-1 design scaled to the size."""
    landscape = width_mm >= height_mm
    if side == "back":
        return _scaled(BACK_ID1_LANDSCAPE, (85.6, 53.98), (width_mm, height_mm))
    if landscape:
        return _scaled(ID1_LANDSCAPE, (85.6, 53.98), (width_mm, height_mm))
    return _scaled(ID1_PORTRAIT, (53.98, 85.6), (width_mm, height_mm))


# --- Geometry of a sheet --------------------------------------------------------------------------
A4_MM = (210.0, 297.0)
SHEET_MARGIN_MM = 5.0


@dataclass(frozen=True)
class SheetGeometry:
    page_width: float  # points
    page_height: float
    badge_width: float
    badge_height: float
    bleed: float
    slots: tuple  # ((x, y) of each badge's bottom-left trim corner, in points, in reading order)
    columns: int
    rows: int
    single: bool

    def mirrored_x(self, x):
        """The x of the same slot on the back of the sheet (long-edge duplex flips left and right)."""
        return self.page_width - x - self.badge_width


def sheet_geometry(width_mm, height_mm, *, layout="a4_nup", gutter_mm=0.0, bleed_mm=0.0) -> SheetGeometry:
    gutter_mm, bleed_mm = float(gutter_mm), float(bleed_mm)
    if layout == "single":
        page_w, page_h = (width_mm + 2 * bleed_mm) * MM, (height_mm + 2 * bleed_mm) * MM
        return SheetGeometry(page_w, page_h, width_mm * MM, height_mm * MM, bleed_mm * MM,
                             ((bleed_mm * MM, bleed_mm * MM),), 1, 1, True)
    if gutter_mm < 2 * bleed_mm - 1e-6:
        raise ValidationError({"gutter_mm": "The gutter must be at least twice the bleed, or bleeds overlap."})
    best = None
    for page in (A4_MM, A4_MM[::-1]):
        usable_w = page[0] - 2 * SHEET_MARGIN_MM
        usable_h = page[1] - 2 * SHEET_MARGIN_MM
        columns = int((usable_w + gutter_mm + 1e-6) // (width_mm + gutter_mm))
        rows = int((usable_h + gutter_mm + 1e-6) // (height_mm + gutter_mm))
        if columns >= 1 and rows >= 1 and (best is None or columns * rows > best[1] * best[2]):
            best = (page, columns, rows)
    if best is None:
        raise ValidationError({"size": "The badge does not fit on an A4 sheet; use one badge per page."})
    page, columns, rows = best
    grid_w = columns * width_mm + (columns - 1) * gutter_mm
    grid_h = rows * height_mm + (rows - 1) * gutter_mm
    left = (page[0] - grid_w) / 2
    top = (page[1] - grid_h) / 2
    slots = []
    for row in range(rows):
        for column in range(columns):
            x = left + column * (width_mm + gutter_mm)
            y_top = top + row * (height_mm + gutter_mm)
            slots.append((x * MM, (page[1] - y_top - height_mm) * MM))
    return SheetGeometry(page[0] * MM, page[1] * MM, width_mm * MM, height_mm * MM, bleed_mm * MM,
                         tuple(slots), columns, rows, False)


def validate_template_values(values: dict) -> dict:
    """Check a template's values together; returns {"front_layout": …, "back_layout": …} normalised.
    Raises ValidationError with a dict naming the field."""
    width, height = badge_size_mm(values.get("size", "id1"), values.get("orientation", "portrait"),
                                  values.get("width_mm"), values.get("height_mm"))
    errors = {}
    result = {}
    for name, side in (("front_layout", "front"), ("back_layout", "back")):
        try:
            result[name] = validate_layout(values.get(name) or [], width, height, side=side)
        except ValidationError as exc:
            errors[name] = exc.messages
    if not result.get("front_layout") and "front_layout" not in errors:
        errors["front_layout"] = ["The front layout needs at least one box."]
    try:
        validate_category_styles(values.get("category_styles") or {})
    except ValidationError as exc:
        errors["category_styles"] = exc.messages
    bleed = float(values.get("bleed_mm") or 0)
    gutter = float(values.get("gutter_mm") or 0)
    if not 0 <= bleed <= 5:
        errors["bleed_mm"] = ["Must be between 0 and 5 mm."]
    if not 0 <= gutter <= 30:
        errors["gutter_mm"] = ["Must be between 0 and 30 mm."]
    if not errors:
        try:
            sheet_geometry(width, height, layout=values.get("sheet_layout", "a4_nup"), gutter_mm=gutter, bleed_mm=bleed)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return result
