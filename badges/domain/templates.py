"""Badge templates: the default one, and where their logos are stored."""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.domain.photos import random_upload_name

from .category_styles import DEFAULT_CATEGORY_STYLES
from .default_layouts import default_layout
from .geometry import badge_size_mm
from .layout import validate_layout, validate_template_values

DEFAULT_TEMPLATE_NAME = "ID-1 card, 10 per A4"
LOGO_DIR = "badge-logos"


def logo_path(template, filename: str) -> str:
    return random_upload_name(LOGO_DIR, filename)


def default_template_values(size="id1", orientation="landscape", width_mm=None, height_mm=None, *, back=False):
    """A template's values with the default layouts, normalised as the validator stores them."""
    width, height = badge_size_mm(size, orientation, width_mm, height_mm)
    return {
        "size": size, "orientation": orientation, "width_mm": width_mm, "height_mm": height_mm,
        "category_styles": {key: dict(value) for key, value in DEFAULT_CATEGORY_STYLES.items()},
        "front_layout": validate_layout(default_layout(width, height), width, height),
        "back_layout": validate_layout(default_layout(width, height, side="back"), width, height, side="back")
        if back else [],
        "sheet_layout": "a4_nup", "gutter_mm": 0, "bleed_mm": 0, "crop_marks": True,
    }


def is_valid(template) -> bool:
    try:
        validate_template_values({name: getattr(template, name) for name in template.LAYOUT_INPUTS})
    except ValidationError:
        return False
    return True


def get_default_template(event):
    """The event's default template; without one, its first template that is valid (never one that
    cannot render), else a new built-in one (ID-1 landscape, 10-up on A4)."""
    from badges.models import BadgeTemplate

    template = BadgeTemplate.objects.filter(event=event, is_default=True).first()
    if template:
        return template
    template = next((t for t in BadgeTemplate.objects.filter(event=event).order_by("id") if is_valid(t)), None)
    if template:
        return template
    try:
        with transaction.atomic():
            return BadgeTemplate.objects.create(
                event=event, name=DEFAULT_TEMPLATE_NAME, is_default=True, **default_template_values()
            )
    except IntegrityError:
        return BadgeTemplate.objects.get(event=event, name=DEFAULT_TEMPLATE_NAME)
