"""A small summit with itineraries in four time zones, and the two independent parsers the feed
tests read it back with: the `icalendar` library and Mozilla's ical.js under node."""
import datetime
import json
import os
import shutil
import subprocess
import zoneinfo
from pathlib import Path
from types import SimpleNamespace

import icalendar
import pytest

from delegations.models import ItineraryItem, Staff
from tests import factories

JS_HARNESS = Path(__file__).resolve().parents[1] / "js"
REQUIRE_SERVICES = os.environ.get("LIAISON_REQUIRE_SERVICES") == "1"
PASSPORT = "KZ9876543"
INTERNAL = "INTERNAL-ONLY do not publish"

ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def node_harness_ready() -> bool:
    return bool(shutil.which("node")) and (JS_HARNESS / "node_modules" / "ical.js").is_dir()


@pytest.fixture
def ical_js():
    """ical_js(feed_bytes) -> the JSON that tests/js/parse_ics.mjs prints (instants in UTC)."""
    if not node_harness_ready():
        message = "ical.js harness not installed: run `npm ci` in tests/js"
        pytest.fail(message) if REQUIRE_SERVICES else pytest.skip(message)

    def parse(body: bytes) -> dict:
        result = subprocess.run(
            ["node", str(JS_HARNESS / "parse_ics.mjs")], input=body, capture_output=True, timeout=60, cwd=JS_HARNESS
        )
        assert result.returncode in (0, 2), result.stderr.decode()
        parsed = json.loads(result.stdout)
        assert parsed["problems"] == [], parsed["problems"]
        return parsed

    return parse


def parse_with_icalendar(body: bytes) -> dict:
    """The same shape as the ical.js harness prints, read with the icalendar library."""
    calendar = icalendar.Calendar.from_ical(body)

    def utc(value):
        return value.dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    events = []
    for vevent in calendar.walk("VEVENT"):
        start, end = vevent["DTSTART"], vevent["DTEND"]
        assert start.dt.tzinfo is not None and end.dt.tzinfo is not None, "floating time"
        geo = vevent.get("GEO")
        events.append({
            "uid": str(vevent["UID"]),
            "sequence": int(vevent["SEQUENCE"]),
            "status": str(vevent["STATUS"]),
            "summary": str(vevent["SUMMARY"]),
            "description": str(vevent.get("DESCRIPTION", "")) or None,
            "location": str(vevent.get("LOCATION", "")) or None,
            "geo": [geo.latitude, geo.longitude] if geo else None,
            "start": utc(start),
            "end": utc(end),
            "start_tzid": start.params.get("TZID"),
            "end_tzid": end.params.get("TZID"),
            "dtstamp": utc(vevent["DTSTAMP"]),
            "last_modified": utc(vevent["LAST-MODIFIED"]),
        })
    return {
        "name": str(calendar.get("X-WR-CALNAME", "")),
        "method": str(calendar.get("METHOD", "")),
        "timezones": [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")],
        "events": events,
    }


def utc_text(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_item(event, **kwargs):
    return factories.ItineraryItemFactory(event=event, **kwargs)


@pytest.fixture
def world(db):
    """An event with a delegation from Kazakhstan whose itinerary spans Almaty, Shanghai, Moscow
    and Berlin (one item across the end of summer time), a cancelled item, staff and a car."""
    event = factories.EventFactory(default_language="zh-hans", timezone="Asia/Shanghai")
    hall = factories.VenueFactory(
        event=event, name={"en": "International Conference Centre", "zh-hans": "国际会议中心",
                           "ru": "Международный конференц-центр"},
    )
    kremlin = factories.VenueFactory(
        event=event, name={"en": "Moscow, Hall; \"A\"", "ru": "Москва, зал; «А»"}, timezone="Europe/Moscow",
        latitude="55.752000", longitude="37.617500", address="Red Square 1",
    )
    delegation = factories.DelegationFactory(
        event=event, name="Delegation of Kazakhstan", country="KZ", language="ru",
        internal_notes=INTERNAL,
    )
    guest = factories.GuestFactory(
        event=event, delegation=delegation, passport_number=PASSPORT, language="ru", internal_notes=INTERNAL,
        family_name="Tokayev", given_name="Kassym", chinese_name="托卡耶夫",
    )
    other_guest = factories.GuestFactory(event=event, delegation=delegation)
    liaison = factories.StaffFactory(
        event=event, full_name="Wang Fang", chinese_name="王芳", role=Staff.Role.LIAISON,
        phone="+86 138 0000 0001", email="wang.fang@example.cn",
    )
    driver = factories.StaffFactory(
        event=event, full_name="Li Wei", chinese_name="李伟", role=Staff.Role.DRIVER, phone="+86 139 0000 0002",
    )
    car = factories.VehicleFactory(event=event, plate="闽D·12345", capacity=6, description="Hongqi H9", driver=driver)

    arrival = factories.ItineraryItemFactory(
        event=event, kind=ItineraryItem.Kind.ARRIVAL, delegation=delegation,
        title={"en": "Departure from Almaty", "zh-hans": "从阿拉木图出发", "ru": "Вылет из Алматы"},
        start=datetime.datetime(2023, 10, 30, 23, 50, tzinfo=ALMATY), start_timezone="Asia/Almaty",
        end=datetime.datetime(2023, 10, 31, 6, 40, tzinfo=SHANGHAI), end_timezone="Asia/Shanghai",
        flight_number="KC891", terminal="T3", location_text="Almaty International Airport",
        internal_notes=INTERNAL, liaison_officer=liaison,
    )
    transfer = factories.ItineraryItemFactory(
        event=event, kind=ItineraryItem.Kind.TRANSFER, delegation=delegation,
        title={"en": "Transfer to the hotel, \"Xiamen\"; \\ fast", "zh-hans": "前往酒店", "ru": "Трансфер в гостиницу"},
        start=datetime.datetime(2023, 10, 31, 7, 10, tzinfo=SHANGHAI),
        end=datetime.datetime(2023, 10, 31, 8, 0, tzinfo=SHANGHAI),
        vehicle=car, liaison_officer=liaison, location_text="Gaoqi Airport", location_address="T3 arrivals, gate 5",
    )
    meeting = factories.ItineraryItemFactory(
        event=event, kind=ItineraryItem.Kind.BILATERAL, guests=[guest],
        title={"en": "Bilateral meeting", "zh-hans": "双边会见", "ru": "Двусторонняя встреча"},
        description={"en": "Talks on trade.\nBring the memorandum.", "ru": "Переговоры о торговле."},
        start=datetime.datetime(2023, 11, 1, 15, 0, tzinfo=SHANGHAI),
        end=datetime.datetime(2023, 11, 1, 16, 0, tzinfo=SHANGHAI),
        venue=hall, liaison_officer=liaison, internal_notes=INTERNAL,
    )
    moscow = factories.ItineraryItemFactory(
        event=event, kind=ItineraryItem.Kind.SITE_VISIT, delegation=delegation,
        title={"en": "Stopover in Moscow", "zh-hans": "莫斯科经停", "ru": "Остановка в Москве"},
        start=datetime.datetime(2023, 11, 3, 10, 0, tzinfo=MOSCOW), start_timezone="Europe/Moscow",
        end=datetime.datetime(2023, 11, 3, 12, 0, tzinfo=MOSCOW), end_timezone="Europe/Moscow", venue=kremlin,
    )
    # Europe/Berlin leaves summer time at 03:00 on 29 October 2023: 20:00 CEST (UTC+2) to 10:00 CET (UTC+1).
    berlin = factories.ItineraryItemFactory(
        event=event, kind=ItineraryItem.Kind.OTHER, delegation=delegation,
        title={"en": "Night in Berlin", "zh-hans": "柏林过夜", "ru": "Ночь в Берлине"},
        start=datetime.datetime(2023, 10, 28, 20, 0, tzinfo=BERLIN), start_timezone="Europe/Berlin",
        end=datetime.datetime(2023, 10, 29, 10, 0, tzinfo=BERLIN), end_timezone="Europe/Berlin",
        location_text="Hotel Adlon", location_address="Unter den Linden 77",
    )
    cancelled = factories.ItineraryItemFactory(
        event=event, kind=ItineraryItem.Kind.BANQUET, delegation=delegation, status=ItineraryItem.Status.CANCELLED,
        title={"en": "Lunch", "zh-hans": "午餐", "ru": "Обед"},
        start=datetime.datetime(2023, 11, 2, 12, 0, tzinfo=SHANGHAI),
        end=datetime.datetime(2023, 11, 2, 13, 30, tzinfo=SHANGHAI), venue=hall,
    )
    opening = factories.SessionFactory(event=event, venue=hall)
    delegation.sessions.add(opening)
    cancelled_session = factories.SessionFactory(
        event=event, title={"en": "Press briefing", "zh-hans": "新闻发布会", "ru": "Брифинг"}, is_cancelled=True,
        start=datetime.datetime(2023, 11, 2, 9, 0, tzinfo=SHANGHAI),
        end=datetime.datetime(2023, 11, 2, 9, 45, tzinfo=SHANGHAI),
    )
    return SimpleNamespace(
        event=event, hall=hall, kremlin=kremlin, delegation=delegation, guest=guest, other_guest=other_guest,
        liaison=liaison, driver=driver, car=car, arrival=arrival, transfer=transfer, meeting=meeting,
        moscow=moscow, berlin=berlin, cancelled=cancelled, opening=opening, cancelled_session=cancelled_session,
        items=[arrival, transfer, meeting, moscow, berlin, cancelled],
    )


@pytest.fixture
def feed_for(world):
    """feed_for("guest", language="ru") → (FeedToken, secret) for the world's guest, delegation, …"""
    from feeds.domain.tokens import secret_of

    targets = {"programme": None, "delegation": world.delegation, "guest": world.guest, "staff": world.liaison,
               "vehicle": world.car}

    def build(scope, language="en", target=None):
        feed = factories.FeedTokenFactory(event=world.event, scope=scope, language=language,
                                          target=target or targets[scope])
        return feed, secret_of(feed)

    return build
