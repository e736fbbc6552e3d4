"""What goes into a feed: read back with icalendar and with Mozilla's ical.js, compared with the database."""
import datetime
import re

import icalendar
import pytest

from delegations.models import ItineraryItem
from feeds.interfaces.calendars import guest_itinerary_ics, item_ics, programme_ics, render_feed
from tests import factories

from .conftest import INTERNAL, PASSPORT, make_item, parse_with_icalendar, utc_text

SCOPES = ["programme", "delegation", "guest", "staff", "vehicle"]


def expected_entries(world, scope):
    """(uid, start, end) that each kind of feed must contain, from the database."""
    w = world
    by_scope = {
        "programme": [w.opening, w.cancelled_session],
        "delegation": [w.arrival, w.transfer, w.meeting, w.moscow, w.berlin, w.cancelled, w.opening],
        "guest": [w.arrival, w.transfer, w.meeting, w.moscow, w.berlin, w.cancelled, w.opening],
        "staff": [w.arrival, w.transfer, w.meeting],
        "vehicle": [w.transfer],
    }
    return {f"{row.uid}@liaison": (utc_text(row.start), utc_text(row.end)) for row in by_scope[scope]}


@pytest.mark.parametrize("scope", SCOPES)
def test_every_kind_of_feed_gives_the_database_instants_in_both_parsers(world, feed_for, ical_js, scope):
    feed, _ = feed_for(scope, language="en")
    body = render_feed(feed)
    expected = expected_entries(world, scope)
    for parsed in (parse_with_icalendar(body), ical_js(body)):
        instants = {event["uid"]: (event["start"], event["end"]) for event in parsed["events"]}
        assert instants == expected
        # Every TZID used is defined in the feed (the harness fails on one it cannot resolve).
        used = {event["start_tzid"] for event in parsed["events"]} | {event["end_tzid"] for event in parsed["events"]}
        tzids = {tz["tzid"] if isinstance(tz, dict) else tz for tz in parsed["timezones"]}
        assert None not in used and used <= tzids


def test_four_time_zones_and_the_end_of_summer_time(world, feed_for, ical_js):
    feed, _ = feed_for("delegation")
    body = render_feed(feed)
    events = {event["uid"]: event for event in ical_js(body)["events"]}
    berlin = events[f"{world.berlin.uid}@liaison"]
    # 20:00 CEST (UTC+2) on 28 October → 10:00 CET (UTC+1) on 29 October 2023.
    assert (berlin["start_local"], berlin["start"]) == ("2023-10-28T20:00:00", "2023-10-28T18:00:00Z")
    assert (berlin["end_local"], berlin["end"]) == ("2023-10-29T10:00:00", "2023-10-29T09:00:00Z")
    assert (berlin["event_start"], berlin["event_end"]) == (berlin["start"], berlin["end"])
    flight = events[f"{world.arrival.uid}@liaison"]
    assert (flight["start_tzid"], flight["start_local"], flight["start"]) == ("Asia/Almaty", "2023-10-30T23:50:00", "2023-10-30T17:50:00Z")
    assert (flight["end_tzid"], flight["end_local"], flight["end"]) == ("Asia/Shanghai", "2023-10-31T06:40:00", "2023-10-30T22:40:00Z")
    moscow = events[f"{world.moscow.uid}@liaison"]
    assert (moscow["start_tzid"], moscow["start"]) == ("Europe/Moscow", "2023-11-03T07:00:00Z")
    text = body.decode()
    assert "DTSTART;TZID=Europe/Berlin:20231028T200000" in text
    assert "DTEND;TZID=Europe/Berlin:20231029T100000" in text
    # In events, never a floating time nor a bare UTC one: always a TZID.
    vevents = "".join(re.findall(r"BEGIN:VEVENT.*?END:VEVENT", text, re.S))
    assert vevents.count("DTSTART;TZID=") == vevents.count("BEGIN:VEVENT") == 7
    assert not re.search(r"^DT(START|END):", vevents, re.M)


def test_timezones_are_trimmed_to_the_years_the_feed_spans(world, feed_for):
    feed, _ = feed_for("delegation")
    calendar = icalendar.Calendar.from_ical(render_feed(feed))
    zones = {str(tz["TZID"]): tz for tz in calendar.walk("VTIMEZONE")}
    assert set(zones) == {"Asia/Almaty", "Asia/Shanghai", "Europe/Berlin", "Europe/Moscow"}
    starts = [sub["DTSTART"].dt for tz in zones.values() for sub in tz.subcomponents]
    assert min(starts).year == 2023 and max(starts).year == 2023
    timezones = "".join(re.findall(r"BEGIN:VTIMEZONE.*?END:VTIMEZONE", render_feed(feed).decode(), re.S))
    assert timezones and "1970" not in timezones  # not the whole body: random UIDs may hold "1970"


def test_feed_header_names_the_calendar_and_asks_for_hourly_refresh(world, feed_for, ical_js):
    feed, _ = feed_for("delegation", language="zh-hans")
    body = render_feed(feed)
    parsed = ical_js(body)
    assert parsed["name"] == "测试论坛 — Delegation of Kazakhstan"
    assert parsed["method"] == "PUBLISH"
    assert parsed["refresh_interval"] == {"value": "PT1H", "type": "duration"}
    assert parsed["published_ttl"] == "PT1H"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body.decode()


def test_unchanged_data_gives_byte_identical_output(world, feed_for):
    feed, _ = feed_for("guest")
    first = render_feed(feed)
    world.meeting.refresh_from_db()
    world.meeting.save()  # a save that changes nothing a calendar shows
    assert render_feed(feed) == first
    assert programme_ics(world.event, "ru") == programme_ics(world.event, "ru")


def test_an_edit_bumps_sequence_and_keeps_the_uid(world, feed_for, ical_js):
    feed, _ = feed_for("guest")
    uid = f"{world.meeting.uid}@liaison"
    before = {e["uid"]: e for e in ical_js(render_feed(feed))["events"]}[uid]
    meeting = ItineraryItem.objects.get(pk=world.meeting.pk)
    meeting.start += datetime.timedelta(hours=1)
    meeting.end += datetime.timedelta(hours=1)
    meeting.save()
    after = {e["uid"]: e for e in ical_js(render_feed(feed))["events"]}[uid]
    assert after["sequence"] == before["sequence"] + 1 == meeting.sequence
    assert after["start"] == "2023-11-01T08:00:00Z"
    assert after["dtstamp"] == after["last_modified"] == utc_text(meeting.calendar_changed_at)
    assert after["dtstamp"] >= before["dtstamp"]


def test_a_cancelled_item_stays_as_cancelled(world, feed_for, ical_js):
    feed, _ = feed_for("guest")
    meeting = ItineraryItem.objects.get(pk=world.meeting.pk)
    meeting.status = ItineraryItem.Status.CANCELLED
    meeting.save()
    for parsed in (ical_js(render_feed(feed)), parse_with_icalendar(render_feed(feed))):
        events = {e["uid"]: e for e in parsed["events"]}
        cancelled = events[f"{world.meeting.uid}@liaison"]
        assert cancelled["status"] == "CANCELLED"
        assert cancelled["summary"] == "Cancelled: Bilateral meeting"
        assert cancelled["sequence"] == 1
        assert events[f"{world.cancelled.uid}@liaison"]["status"] == "CANCELLED"
    programme, _ = feed_for("programme", language="zh-hans")
    session = {e["uid"]: e for e in ical_js(render_feed(programme))["events"]}[f"{world.cancelled_session.uid}@liaison"]
    assert (session["status"], session["summary"]) == ("CANCELLED", "【已取消】新闻发布会")


@pytest.mark.parametrize("scope", SCOPES)
def test_no_passport_number_or_internal_notes_in_any_feed(world, feed_for, scope):
    for language in ("en", "ru", "zh-hans"):
        feed, _ = feed_for(scope, language=language)
        text = render_feed(feed).decode()
        unfolded = text.replace("\r\n ", "")
        without_uids = "\n".join(line for line in unfolded.splitlines() if not line.startswith("UID:"))
        for secret in (PASSPORT, INTERNAL, str(world.guest.date_of_birth)):
            assert secret not in unfolded
        assert "1994" not in without_uids  # the year of birth alone, anywhere but in the random UIDs
    for text in (guest_itinerary_ics(world.guest, "en"), item_ics(world.arrival, "en")):
        assert PASSPORT.encode() not in text and INTERNAL.encode() not in text.replace(b"\r\n ", b"")


@pytest.mark.parametrize(
    "language, summary, flight_line, liaison_line",
    [
        ("en", "Departure from Almaty", "Flight: KC891", "Liaison officer: Wang Fang (王芳), +86 138 0000 0001, wang.fang@example.cn"),
        ("ru", "Вылет из Алматы", "Рейс: KC891", "Офицер связи: Wang Fang (王芳), +86 138 0000 0001, wang.fang@example.cn"),
        ("zh-hans", "从阿拉木图出发", "航班：KC891", "联络员：王芳，+86 138 0000 0001，wang.fang@example.cn"),
    ],
)
def test_texts_and_labels_in_the_feed_language(world, feed_for, ical_js, language, summary, flight_line, liaison_line):
    feed, _ = feed_for("guest", language=language)
    events = {e["uid"]: e for e in ical_js(render_feed(feed))["events"]}
    flight = events[f"{world.arrival.uid}@liaison"]
    assert flight["summary"] == summary
    lines = flight["description"].split("\n")
    assert flight_line in lines and liaison_line in lines
    assert any(line.endswith("T3") for line in lines)
    transfer = events[f"{world.transfer.uid}@liaison"]
    assert any("闽D·12345" in line and "Hongqi H9" in line for line in transfer["description"].split("\n"))


def test_an_unknown_language_falls_back_to_the_event_default(world):
    body = guest_itinerary_ics(world.guest, "xx-nonsense")  # unknown: the guest's own language (ru)
    assert "Вылет из Алматы" in icalendar.Calendar.from_ical(body).walk("VEVENT")[1]["SUMMARY"]
    body = item_ics(world.arrival, "tlh")  # unknown, no guest: the event's default (zh-hans)
    vevent = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == "从阿拉木图出发"
    assert "航班：KC891" in str(vevent["DESCRIPTION"])
    # Kazakh has no title: the event's default language is used, labels included.
    body = item_ics(world.arrival, "kk")
    vevent = icalendar.Calendar.from_ical(body).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == "从阿拉木图出发" and "航班：KC891" in str(vevent["DESCRIPTION"])


def test_location_and_geo_from_the_venue(world, feed_for, ical_js):
    feed, _ = feed_for("delegation", language="ru")
    events = {e["uid"]: e for e in ical_js(render_feed(feed))["events"]}
    moscow = events[f"{world.moscow.uid}@liaison"]
    assert moscow["location"] == "Москва, зал; «А», Red Square 1"
    assert moscow["geo"] == [55.752, 37.6175]
    assert events[f"{world.berlin.uid}@liaison"]["geo"] is None
    assert events[f"{world.berlin.uid}@liaison"]["location"] == "Hotel Adlon, Unter den Linden 77"


NASTY = "Ali, \"Ibn\"; Sina \\ Jr.\nنائب الرئيس 𠮷野家 中华人民共和国外交部\tאבג"


def test_nasty_text_is_escaped_and_folded_without_splitting_characters(world, ical_js):
    venue = factories.make_venue(world.event, name={"en": NASTY * 3}, address="Line 1\r\nLine 2; ,\\")
    item = make_item(
        world.event, title={"en": NASTY}, description={"en": (NASTY + "\n") * 8}, venue=venue,
        start=datetime.datetime(2023, 11, 2, 9, 0, tzinfo=datetime.timezone.utc),
        end=datetime.datetime(2023, 11, 2, 10, 0, tzinfo=datetime.timezone.utc),
        location_text="x\x01y",
    )
    body = item_ics(item, "en")
    for line in body.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # each physical line is valid UTF-8: no character split by folding
    assert b"\r\n" in body and b"\n" not in body.replace(b"\r\n", b"")
    summary = NASTY.replace("\n", " ").replace("\t", " ")
    summary = " ".join(summary.split())
    for parsed in (ical_js(body), parse_with_icalendar(body)):
        event = parsed["events"][0]
        assert event["summary"] == summary
        assert event["description"] == ((NASTY + "\n") * 8).strip()
        assert event["location"].startswith(" ".join((NASTY * 3).split()))
        assert event["location"].endswith("Line 1 Line 2; ,\\")


def test_vevents_are_cached_by_content_and_rebuilt_identically(world, feed_for):
    from feeds.domain.builder import entry_cache

    feed, _ = feed_for("delegation")
    cache = entry_cache()
    cache.clear()
    first = render_feed(feed)
    assert len(cache._cache) == 7  # one serialized VEVENT per entry
    assert render_feed(feed) == first
    assert len(cache._cache) == 7
    moscow = ItineraryItem.objects.get(pk=world.moscow.pk)
    moscow.title = {**moscow.title, "en": "Stopover in Moscow, Sheremetyevo"}
    moscow.save()
    changed = render_feed(feed)
    assert len(cache._cache) == 8  # only the changed entry was serialized again
    assert changed != first and b"Sheremetyevo" in changed.replace(b"\r\n ", b"")
    cache.clear()
    assert render_feed(feed) == changed  # from scratch: the same bytes (nothing random, no "now")
    # A change that does not bump SEQUENCE (the driver's phone) still reaches the feed.
    world.driver.phone = "+86 139 9999 9999"
    world.driver.save()
    assert b"+86 139 9999 9999" in render_feed(feed).replace(b"\r\n ", b"")


def test_downloads_are_publish_calendars_without_refresh_hints(world):
    for body in (guest_itinerary_ics(world.guest, "en"), item_ics(world.meeting, "en"), item_ics(world.opening, "ru")):
        calendar = icalendar.Calendar.from_ical(body)
        assert str(calendar["METHOD"]) == "PUBLISH"
        assert "REFRESH-INTERVAL" not in calendar and "X-PUBLISHED-TTL" not in calendar
    single = icalendar.Calendar.from_ical(item_ics(world.meeting, "en"))
    assert [str(e["UID"]) for e in single.walk("VEVENT")] == [f"{world.meeting.uid}@liaison"]
    assert [str(tz["TZID"]) for tz in single.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    whole = parse_with_icalendar(guest_itinerary_ics(world.guest))
    assert whole["name"] == "Тестовый форум — Kassym Tokayev"  # the guest's own language
    assert len(whole["events"]) == 7


def test_an_empty_feed_is_still_a_valid_calendar(world, ical_js):
    lonely = factories.make_guest(world.event)
    body = guest_itinerary_ics(lonely, "en")
    parsed = ical_js(body)
    assert parsed["events"] == [] and [tz["tzid"] for tz in parsed["timezones"]] == ["Asia/Shanghai"]
    assert parse_with_icalendar(body)["timezones"] == ["Asia/Shanghai"]


@pytest.mark.parametrize("scope", SCOPES)
def test_cached_feed_path_gives_the_bytes_of_the_reference_path(world, feed_for, scope):
    """render_feed (version columns + cached VEVENTs) against delegations' merge functions + render_calendar."""
    from feeds.domain.builder import entry_cache
    from feeds.interfaces.calendars import render_feed_uncached

    # A session also linked from an item appears once (as the item); a session the guest's
    # category is not invited to stays out of the guest's feed but not the delegation's.
    banquet = factories.make_session(
        world.event, title={"en": "Banquet"}, invited_categories=["head_of_state"], kind="banquet",
        start=datetime.datetime(2023, 11, 1, 19, 0, tzinfo=datetime.timezone.utc),
        end=datetime.datetime(2023, 11, 1, 21, 0, tzinfo=datetime.timezone.utc),
    )
    world.delegation.sessions.add(banquet, world.cancelled_session)
    make_item(world.event, delegation=world.delegation, programme_session=world.opening, title={"en": "Opening, with car"},
              start=world.opening.start, end=world.opening.end, vehicle=world.car, liaison_officer=world.liaison)
    entry_cache().clear()
    for language in ("en", "zh-hans", "ru", "kk"):
        feed, _ = feed_for(scope, language=language)
        reference = render_feed_uncached(feed)
        assert render_feed(feed) == reference  # cold
        assert render_feed(feed) == reference  # from the cache
    meeting = ItineraryItem.objects.get(pk=world.meeting.pk)
    meeting.status = ItineraryItem.Status.CANCELLED
    meeting.save()
    world.car.description = "Hongqi H5"
    world.car.save()
    feed, _ = feed_for(scope, language="ru")
    assert render_feed(feed) == render_feed_uncached(feed)
    text = render_feed(feed).decode()
    if scope == "guest":
        assert "Banquet" not in text and text.count(str(world.opening.uid)) == 0
    if scope == "delegation":
        assert "Banquet" in text and text.count(str(world.opening.uid)) == 0


def test_folding_matches_icalendar_on_random_nasty_text():
    """serialize_vevent folds icalendar's content lines itself: same lines once unfolded, ≤ 75
    octets each, every physical line valid UTF-8, no escape split from what it escapes."""
    import random
    import zoneinfo

    from icalendar import Event

    from feeds.interfaces.ical import VEventValues, fold_line, serialize_vevent

    rng = random.Random(20231101)
    alphabet = "ab ,;:\\\n\"^中文𠮷العربيةΩж\u200f\u202e\t"
    zone = zoneinfo.ZoneInfo("Asia/Almaty")
    for n in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        values = VEventValues(
            f"{n}@liaison", n, datetime.datetime(2023, 10, 1, tzinfo=datetime.timezone.utc),
            datetime.datetime(2023, 10, 28, 20, 0, tzinfo=zone), datetime.datetime(2023, 10, 28, 21, 0, tzinfo=zone),
            "CONFIRMED", text[:100] or "x", text, text[:150], None,
        )
        ours = serialize_vevent(values)
        theirs = Event.from_ical(ours).to_ical(sorted=False)  # icalendar's own folding of the same component
        assert ours.replace(b"\r\n ", b"") == theirs.replace(b"\r\n ", b"")
        for line in ours.split(b"\r\n"):
            assert len(line) <= 75
            line.decode("utf-8")
            trailing = len(line) - len(line.rstrip(b"\\"))
            assert trailing % 2 == 0, line  # no backslash separated from the character it escapes
        if text.strip():
            assert str(Event.from_ical(ours)["DESCRIPTION"]) == text
    assert fold_line("A" * 75) == b"A" * 75
    assert fold_line("A" * 76) == b"A" * 75 + b"\r\n A"
    assert fold_line("SUMMARY:" + "𠮷" * 20).split(b"\r\n ")[0] == ("SUMMARY:" + "𠮷" * 16).encode()


@pytest.mark.parametrize("language, words", [
    ("zh-hant", ["日程", "已取消", "航班", "航廈", "車輛", "司機", "聯絡員", "翻譯", "代表團"]),
    ("ru", ["Программа", "Отменено", "Рейс", "Терминал", "Автомобиль", "Водитель", "Офицер связи", "Переводчик", "Делегация"]),
    ("zh-hans", ["日程", "已取消", "航班", "航站楼", "车辆", "司机", "联络员", "翻译", "代表团"]),
])
def test_labels_come_from_the_catalogs_of_languages_outside_the_ui(language, words):
    """settings.LANGUAGES lists only the UI languages; gettext still finds feeds/locale's catalogs."""
    from django.utils import translation

    from feeds.domain.labels import LABELS, Labels

    with translation.override("en"):
        labels = Labels(language, "en")
        assert [labels[key] for key in LABELS] == words
        assert translation.get_language() == "en"
    assert labels.line("flight", "KC891") == ("航班：KC891" if language.startswith("zh") else "Рейс: KC891")
