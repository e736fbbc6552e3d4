"""Badge templates as data: the layout schema and its validation (sizes and sheets: geometry;
category colours: category_styles; default layouts: default_layouts).

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
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError

from core.multilingual import CONTENT_LANGUAGE_CODES

from .category_styles import COLOUR_RE, validate_category_styles
from .geometry import badge_size_mm, sheet_geometry

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
MAX_ELEMENTS = 60


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
