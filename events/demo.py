"""Demo data: the four 2023 events of the bundled guest list and their guests (delegations.demo puts
them into their delegations).

Idempotent: events are keyed by slug, guests by (event, e-mail); running it twice changes nothing."""
import csv
import datetime
import hashlib
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from events.domain.guest_status import approve_guest
from events.domain.guests import create_guest, update_guest
from events.models import Event, Guest, ProgrammeSession, Venue

GUEST_CSV = Path(__file__).resolve().parent / "fixtures" / "forum_guests.csv"

EVENTS = {
    "china-central-asia-forum-2023": {
        "name": {"en": "10th China–Central Asia Cooperation Forum", "zh-hans": "第十届中国—中亚合作论坛",
                 "ru": "X Форум сотрудничества «Китай — Центральная Азия»"},
        "start_date": datetime.date(2023, 10, 31), "end_date": datetime.date(2023, 11, 3),
        "default_language": "zh-hans", "precedence_language": "ru",
    },
    "global-south-think-tank-dialogue-2023": {
        "name": {"en": "Global South Think-Tank Dialogue", "zh-hans": "全球南方智库对话会",
                 "ru": "Диалог аналитических центров Глобального Юга"},
        "start_date": datetime.date(2023, 10, 31), "end_date": datetime.date(2023, 11, 4),
        "default_language": "zh-hans", "precedence_language": "en",
    },
    "china-japan-rok-outlook-dialogue-2023": {
        "name": {"en": "China–Japan–ROK Outlook Dialogue", "zh-hans": "中日韩展望对话会", "ru": "Диалог «Китай — Япония — Республика Корея»"},
        "start_date": datetime.date(2023, 12, 4), "end_date": datetime.date(2023, 12, 6),
        "default_language": "zh-hans", "precedence_language": "zh-hans",
    },
    "sister-cities-anniversary-2023": {
        "name": {"en": "Sister Cities Anniversary Week", "zh-hans": "友好城市结好周年纪念活动", "ru": "Неделя городов-побратимов"},
        "start_date": datetime.date(2023, 11, 19), "end_date": datetime.date(2023, 11, 22),
        "default_language": "zh-hans", "precedence_language": "en",
    },
}

GUEST_FIELDS = (
    "country", "category", "honorific", "family_name", "given_name", "native_name", "chinese_name", "position",
    "organization", "language", "email", "passport_number", "passport_expiry", "date_of_birth", "gender",
    "arrival_flight", "arrival_time", "departure_flight", "departure_time", "dietary",
)


def read_guest_rows():
    with GUEST_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _convert(field, value):
    if value == "":
        return None if field in {"passport_expiry", "date_of_birth", "arrival_time", "departure_time"} else ""
    if field in {"passport_expiry", "date_of_birth"}:
        return datetime.date.fromisoformat(value)
    if field in {"arrival_time", "departure_time"}:
        return datetime.datetime.fromisoformat(value)
    return value


@transaction.atomic
def seed():
    events = {}
    for slug, values in EVENTS.items():
        event, _ = Event.objects.get_or_create(slug=slug, defaults={**values, "status": Event.Status.PUBLISHED})
        events[slug] = event
    _seed_venues_and_sessions(events)
    for row in read_guest_rows():
        event = events[row["event"]]
        values = {field: _convert(field, row[field]) for field in GUEST_FIELDS}
        guest = Guest.objects.filter(event=event, email=row["email"]).first()
        if guest is None:
            guest = approve_guest(create_guest(event, values))
        if not guest.photo:
            guest.photo.save(f"demo-{guest.pk}.png", ContentFile(placeholder_portrait(row["email"])), save=False)
            update_guest(guest, {"photo": guest.photo})
    return events


def placeholder_portrait(seed: str) -> bytes:
    """A drawn head-and-shoulders placeholder (3:4), tinted per guest, so the demo shows photos
    on badges and at the gate without shipping pictures of real people."""
    digest = hashlib.sha256(seed.encode()).digest()
    background = (200 + digest[0] % 40, 210 + digest[1] % 35, 220 + digest[2] % 30)
    skin = [(241, 194, 157), (224, 172, 128), (198, 134, 96), (141, 85, 54)][digest[3] % 4]
    jacket = [(44, 62, 80), (33, 47, 61), (88, 24, 69), (20, 90, 50), (90, 90, 90)][digest[4] % 5]
    image = Image.new("RGB", (300, 400), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((95, 70, 205, 200), fill=skin)
    draw.rectangle((130, 190, 170, 250), fill=skin)
    draw.rounded_rectangle((45, 240, 255, 460), radius=60, fill=jacket)
    draw.polygon([(130, 240), (170, 240), (150, 300)], fill=(245, 245, 245))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _seed_venues_and_sessions(events):
    forum = events["china-central-asia-forum-2023"]
    if Venue.objects.filter(event=forum).exists():
        return
    tz = datetime.timezone(datetime.timedelta(hours=8))
    hall = Venue.objects.create(
        event=forum, name={"en": "International Conference Centre", "zh-hans": "国际会议中心", "ru": "Международный конференц-центр"},
        address="1 Huizhan Road", timezone="Asia/Shanghai", latitude="24.488100", longitude="118.180000",
    )
    banquet_hall = Venue.objects.create(
        event=forum, name={"en": "State Guesthouse, Banquet Hall", "zh-hans": "国宾馆宴会厅", "ru": "Государственная резиденция, банкетный зал"},
        address="88 Guesthouse Road", timezone="Asia/Shanghai", latitude="24.445000", longitude="118.095000",
    )
    ProgrammeSession.objects.create(
        event=forum, kind="ceremony", venue=hall,
        title={"en": "Opening ceremony", "zh-hans": "开幕式", "ru": "Церемония открытия"},
        start=datetime.datetime(2023, 11, 1, 9, 30, tzinfo=tz), end=datetime.datetime(2023, 11, 1, 10, 30, tzinfo=tz),
    )
    ProgrammeSession.objects.create(
        event=forum, kind="plenary", venue=hall,
        title={"en": "Plenary: connectivity and trade", "zh-hans": "全体会议：互联互通与贸易", "ru": "Пленарное заседание: взаимосвязанность и торговля"},
        start=datetime.datetime(2023, 11, 1, 10, 45, tzinfo=tz), end=datetime.datetime(2023, 11, 1, 12, 30, tzinfo=tz),
    )
    ProgrammeSession.objects.create(
        event=forum, kind="banquet", venue=banquet_hall,
        invited_categories=["head_of_state", "head_of_government", "minister", "head_of_delegation", "delegate", "adviser"],
        title={"en": "Welcome banquet", "zh-hans": "欢迎宴会", "ru": "Приветственный банкет"},
        start=datetime.datetime(2023, 11, 1, 18, 30, tzinfo=tz), end=datetime.datetime(2023, 11, 1, 20, 30, tzinfo=tz),
    )
