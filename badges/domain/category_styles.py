"""Category colours and labels of a template (``category_styles``): defaults, validation, lookup."""
import re

from django.core.exceptions import ValidationError

from events.models import GuestCategory

COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
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

