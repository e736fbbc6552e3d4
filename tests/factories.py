"""Plain factory functions (no factory library): each returns a saved object with sensible
defaults that a test overrides by keyword."""
import datetime
import itertools

from django.contrib.auth import get_user_model

from accounts.domain import tokens
from events.models import Event, EventMembership, Guest, GuestStatus, ProgrammeSession, Venue

_counter = itertools.count(1)
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


def make_user(username=None, **kwargs):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(username=username, password="pw-" + username, **kwargs)


def make_event(slug=None, **kwargs):
    values = {
        "slug": slug or f"event-{next(_counter)}",
        "name": {"en": "Test Forum", "zh-hans": "测试论坛", "ru": "Тестовый форум"},
        "timezone": "Asia/Shanghai",
        "start_date": datetime.date(2023, 10, 31),
        "end_date": datetime.date(2023, 11, 3),
        "status": Event.Status.PUBLISHED,
    }
    values.update(kwargs)
    return Event.objects.create(**values)


def make_member(event, role, user=None, **kwargs):
    user = user or make_user(**kwargs)
    EventMembership.objects.create(event=event, user=user, role=role)
    return user


def make_venue(event, **kwargs):
    values = {"name": {"en": "Conference Centre", "zh-hans": "会议中心"}, "timezone": "Asia/Shanghai",
              "latitude": "24.488100", "longitude": "118.180000", "address": "1 Huizhan Road"}
    values.update(kwargs)
    return Venue.objects.create(event=event, **values)


def make_session(event, **kwargs):
    values = {
        "title": {"en": "Opening ceremony", "zh-hans": "开幕式", "ru": "Церемония открытия"},
        "start": datetime.datetime(2023, 11, 1, 9, 30, tzinfo=SHANGHAI),
        "end": datetime.datetime(2023, 11, 1, 10, 30, tzinfo=SHANGHAI),
        "kind": "ceremony",
    }
    values.update(kwargs)
    return ProgrammeSession.objects.create(event=event, **values)


def make_guest(event, **kwargs):
    n = next(_counter)
    values = {
        "country": "KZ",
        "category": "delegate",
        "family_name": f"NURLANULY{n}",
        "given_name": "Aidos",
        "native_name": "Айдос Нұрланұлы",
        "chinese_name": "艾多斯·努尔兰内",
        "language": "kk",
        "email": f"guest{n}@example.kz",
        "passport_number": f"KZ{7424363 + n}",
        "passport_expiry": datetime.date(2033, 7, 11),
        "date_of_birth": datetime.date(1994, 10, 11),
        "gender": "M",
        "status": GuestStatus.APPROVED,
    }
    values.update(kwargs)
    return Guest.objects.create(event=event, **values)


def token_for(user):
    """A new API token's key (the database keeps only its digest)."""
    return tokens.create_token(user)[1]
