"""Demo data for badges (called by `manage.py seed_demo` after events.demo). Idempotent."""
import io

from django.core.files.base import ContentFile
from django.db import transaction

from events.models import Event, Guest, GuestStatus

DEMO_EVENT = "china-central-asia-forum-2023"
VIP_CATEGORIES = ["head_of_state", "head_of_government", "minister", "head_of_delegation"]
ZONES = [
    {"code": "ALL", "name": {"en": "All public areas", "zh-hans": "公共区域", "ru": "Общие зоны"},
     "colour": "#4D4D4D", "default_for_all": True},
    {"code": "PLENARY", "name": {"en": "Plenary hall", "zh-hans": "全体会议厅", "ru": "Пленарный зал"},
     "colour": "#1F5FAD",
     "default_categories": [*VIP_CATEGORIES, "delegate", "adviser", "observer", "interpreter", "liaison", "security"]},
    {"code": "VIP", "name": {"en": "VIP lounge", "zh-hans": "贵宾室", "ru": "VIP-зал"},
     "colour": "#A8841A", "default_categories": [*VIP_CATEGORIES, "security"]},
    {"code": "PRESS", "name": {"en": "Press centre", "zh-hans": "新闻中心", "ru": "Пресс-центр"},
     "colour": "#2E8B57", "default_categories": ["media"]},
]


def seed_zones(event):
    from badges.models import AccessZone

    zones = []
    for values in ZONES:
        values = dict(values)
        code = values.pop("code")
        zone, _ = AccessZone.objects.get_or_create(event=event, code=code, defaults=values)
        zones.append(zone)
    return zones


@transaction.atomic
def seed():
    from badges.domain.issuing import issue_badges
    from badges.domain.templates import get_default_template

    event = Event.objects.filter(slug=DEMO_EVENT).first()
    if event is None:
        return
    seed_zones(event)
    template = get_default_template(event)
    if not template.logo:
        template.logo.save("forum-logo.png", ContentFile(_demo_logo()), save=True)
    issue_badges(event, list(Guest.objects.filter(event=event, status=GuestStatus.APPROVED)))


def _demo_logo() -> bytes:
    """A simple emblem (drawn, so that the demo needs no image file): rings in blue and gold."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (240, 240), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 232, 232), fill=(31, 95, 173, 255))
    draw.ellipse((40, 40, 200, 200), fill=(255, 255, 255, 255))
    draw.ellipse((64, 64, 176, 176), fill=(201, 162, 39, 255))
    draw.polygon([(120, 76), (134, 112), (172, 112), (141, 134), (152, 170), (120, 148), (88, 170), (99, 134),
                  (68, 112), (106, 112)], fill=(255, 255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
