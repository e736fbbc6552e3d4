"""The one iCalendar (RFC 5545) renderer: programme sessions and itinerary items → .ics bytes.

Every feed and download is made of ``event_values`` → ``serialize_vevent`` → ``assemble_calendar``
(``render_calendar`` strings them together; feeds.interfaces.calendars adds a cache for subscription
feeds). The output depends only on the data:
UIDs are the entries' own, DTSTAMP and LAST-MODIFIED are the entries' ``calendar_changed_at``,
and nothing random or "now" is written, so unchanged data gives byte-identical output (which the
HTTP layer turns into a strong ETag).
"""
from __future__ import annotations

import datetime
import re
import zoneinfo
from decimal import Decimal
from functools import lru_cache
from typing import Iterable, NamedTuple

from icalendar import Calendar, Timezone
from icalendar.prop import vGeo, vText

from core.multilingual import localized
from core.validators import timezone_names
from feeds.domain.labels import Labels, feed_language

# Part of every cache key: bump it when the rendering below changes.
RENDERER_VERSION = "1"
PRODID = "-//Liaison//Calendar feeds 1.0//EN"
REFRESH_INTERVAL = datetime.timedelta(hours=1)
PUBLISHED_TTL = "PT1H"
STATUSES = {"tentative": "TENTATIVE", "confirmed": "CONFIRMED", "cancelled": "CANCELLED"}
END_OF_CALENDAR = b"END:VCALENDAR\r\n"


class VEventValues(NamedTuple):
    """Everything one VEVENT says; two equal tuples serialize to the same bytes."""

    uid: str
    sequence: int
    stamp: datetime.datetime  # UTC
    start: datetime.datetime  # in its own zone
    end: datetime.datetime
    status: str
    summary: str
    description: str
    location: str
    geo: tuple[str, str] | None


def zone_of(name: str | None, default: str) -> zoneinfo.ZoneInfo:
    # Validators keep bad names out; an old row with one still renders, in the event's zone.
    return zoneinfo.ZoneInfo(name if name in timezone_names() else default)


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str | None) -> str:
    """Text as stored, minus what iCalendar cannot carry (NUL and other C0 controls but tab/newline)."""
    if not text:
        return ""
    return CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def _one_line(text: str | None) -> str:
    return " ".join(_clean(text).split())


def _person(staff, labels: Labels) -> str:
    name = staff.full_name
    if labels.language.startswith("zh") and staff.chinese_name:
        name = staff.chinese_name
    elif staff.chinese_name and staff.chinese_name != staff.full_name:
        name = f"{staff.full_name} ({staff.chinese_name})"
    return labels.join([_one_line(name), _one_line(staff.phone), _one_line(staff.email)])


def _location(entry, language: str, fallback: str) -> str:
    venue = entry.venue
    place = _one_line(localized(venue.name, language, fallback)) if venue is not None else ""
    place = place or _one_line(entry.location_text)
    address = _one_line(entry.location_address or (venue.address if venue is not None else ""))
    if address and address != place:
        return f"{place}, {address}" if place else address
    return place


def _geo(entry) -> tuple[str, str] | None:
    venue = entry.venue
    if venue is None or venue.latitude is None or venue.longitude is None:
        return None
    return (str(Decimal(venue.latitude).normalize()), str(Decimal(venue.longitude).normalize()))


def _description(entry, language: str, fallback: str, labels: Labels, include_delegation: bool) -> str:
    lines = []
    if entry.flight_number:
        lines.append(labels.line("flight", _one_line(entry.flight_number)))
    if entry.terminal:
        lines.append(labels.line("terminal", _one_line(entry.terminal)))
    if entry.vehicle is not None:
        lines.append(labels.line("vehicle", labels.join([_one_line(entry.vehicle.plate), _one_line(entry.vehicle.description)])))
    if entry.driver is not None:
        lines.append(labels.line("driver", _person(entry.driver, labels)))
    if entry.liaison_officer is not None:
        lines.append(labels.line("liaison_officer", _person(entry.liaison_officer, labels)))
    if entry.interpreter is not None:
        lines.append(labels.line("interpreter", _person(entry.interpreter, labels)))
    delegation = getattr(entry, "delegation", None)
    if include_delegation and delegation is not None:
        lines.append(labels.line("delegation", _one_line(delegation.name)))
    text = _clean(localized(entry.description, language, fallback))
    return "\n\n".join(part for part in (text, "\n".join(lines)) if part)


def event_values(entry, *, event, language: str, labels: Labels, include_delegation=False) -> VEventValues:
    """The values of one entry's VEVENT (an ItineraryEntry of delegations.domain.itineraries).

    Only public fields are read: internal notes, guests' passport data and the like are never
    looked at, so they cannot leak into a feed."""
    fallback = event.default_language
    summary = _one_line(localized(entry.title, language, fallback))
    status = STATUSES.get(entry.status, "CONFIRMED")
    if status == "CANCELLED":
        # Google hides cancelled events; clients that show them should say so in the title too.
        if labels.language.startswith("zh"):
            summary = f"【{labels['cancelled']}】{summary}"
        else:
            summary = f"{labels['cancelled']}: {summary}"
    return VEventValues(
        uid=f"{entry.uid}@liaison",
        sequence=int(entry.sequence),
        stamp=entry.calendar_changed_at.astimezone(datetime.timezone.utc).replace(microsecond=0),
        start=entry.start.astimezone(zone_of(entry.start_timezone, event.timezone)).replace(microsecond=0),
        end=entry.end.astimezone(zone_of(entry.end_timezone or entry.start_timezone, event.timezone)).replace(microsecond=0),
        status=status,
        summary=summary,
        description=_description(entry, language, fallback, labels, include_delegation),
        location=_location(entry, language, fallback),
        geo=_geo(entry),
    )


_UTF8_CONTINUATION = frozenset(range(0x80, 0xC0))
_ESCAPES = (ord("\\"), ord("^"))  # TEXT backslash escapes, RFC 6868 parameter escapes


def fold_line(line: str) -> bytes:
    """An RFC 5545 content line folded at 75 octets, never inside a UTF-8 character and, like
    icalendar's own folding, never between an escape character and what it escapes.

    icalendar builds and escapes every line; it folds them character by character in Python,
    which was a third of the time of a whole feed, so the lines it makes are folded here."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return data
    parts, start, limit = [], 0, 75
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] in _UTF8_CONTINUATION:
            cut -= 1
        if data[cut - 1] in _ESCAPES:
            # An odd run of escape characters ends with one that escapes the next: keep them together.
            run = cut - 1
            while run > start and data[run - 1] == data[cut - 1]:
                run -= 1
            if (cut - run) % 2 and cut - 1 > start:
                cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74  # a continuation line starts with a space, which counts
    parts.append(data[start:])
    return b"\r\n ".join(parts)


_UTC = datetime.timezone.utc


def _text(value: str) -> str:
    return vText(value).to_ical().decode("utf-8")


def _date_time_line(name: str, moment: datetime.datetime) -> str:
    """DTSTART/DTEND in the moment's own zone (TZID=…), or in UTC (…Z): never floating."""
    key = getattr(moment.tzinfo, "key", None)
    if key is None or key in ("UTC", "Etc/UTC"):
        return f"{name}:{moment.astimezone(_UTC):%Y%m%dT%H%M%SZ}"
    return f"{name};TZID={key}:{moment:%Y%m%dT%H%M%S}"


def serialize_vevent(values: VEventValues) -> bytes:
    """One VEVENT. The lines are composed here and only the text values go through icalendar's
    escaping: building a component per event and asking it for its lines cost 0.8 ms an event,
    most of a cold 2 000-item feed. tests/feeds checks the output against icalendar and ical.js."""
    stamp = f"{values.stamp.astimezone(_UTC):%Y%m%dT%H%M%SZ}"
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_text(values.uid)}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{stamp}",
        f"SEQUENCE:{int(values.sequence)}",
        _date_time_line("DTSTART", values.start),
        _date_time_line("DTEND", values.end),
        f"STATUS:{_text(values.status)}",
        f"SUMMARY:{_text(values.summary)}",
    ]
    if values.description:
        lines.append(f"DESCRIPTION:{_text(values.description)}")
    if values.location:
        lines.append(f"LOCATION:{_text(values.location)}")
    if values.geo:
        lines.append("GEO:" + vGeo((float(values.geo[0]), float(values.geo[1]))).to_ical())
    lines.append("TRANSP:" + ("TRANSPARENT" if values.status == "CANCELLED" else "OPAQUE"))
    lines.append("END:VEVENT")
    return b"".join(fold_line(line) + b"\r\n" for line in lines)


@lru_cache(maxsize=512)
def vtimezone_block(tzid: str, first_year: int, last_year: int) -> bytes:
    """The VTIMEZONE of one zone, with the transitions of these years only."""
    component = Timezone.from_tzid(
        tzid, first_date=datetime.date(first_year, 1, 1), last_date=datetime.date(last_year + 1, 1, 1)
    )
    return component.to_ical()


def _header(*, name: str, timezone: str, method: str, refresh: bool) -> bytes:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", method)
    calendar["NAME"] = vText(name)
    calendar["X-WR-CALNAME"] = vText(name)
    calendar["X-WR-TIMEZONE"] = vText(timezone)
    if refresh:
        # icalendar's refresh_interval= leaves out VALUE=DURATION, which ical.js then cannot read.
        calendar.add("REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
        calendar.add("X-PUBLISHED-TTL", PUBLISHED_TTL)
    text = calendar.to_ical(sorted=False)
    assert text.endswith(END_OF_CALENDAR)
    return text[: -len(END_OF_CALENDAR)]


def zone_years(moments: Iterable[datetime.datetime], event) -> dict[str, set[int]]:
    """The years in which each zone is used, from local (zone-aware) datetimes. The event's own
    zone is always there: X-WR-TIMEZONE names it (and it keeps an empty feed valid)."""
    years: dict[str, set[int]] = {}
    for moment in moments:
        years.setdefault(moment.tzinfo.key, set()).add(moment.year)
    if event.timezone not in years:
        years[event.timezone] = set().union(*years.values()) or {event.start_date.year, event.end_date.year}
    return years


def assemble_calendar(*, event, name: str, years: dict[str, set[int]], vevents: Iterable[bytes], refresh: bool,
                      method: str = "PUBLISH") -> bytes:
    """Header, one VTIMEZONE per zone used (trimmed to its years), the VEVENTs, in this order."""
    parts = [_header(name=_one_line(name), timezone=event.timezone, method=method, refresh=refresh)]
    parts += [vtimezone_block(tzid, min(ys), max(ys)) for tzid, ys in sorted(years.items())]
    parts += vevents
    parts.append(END_OF_CALENDAR)
    return b"".join(parts)


def render_calendar(
    entries: Iterable,
    *,
    event,
    language: str | None,
    name: str,
    refresh: bool = True,
    include_delegation: bool = False,
    method: str = "PUBLISH",
) -> bytes:
    """An iCalendar file of these entries (ItineraryEntry objects, or anything with the same
    attributes), in `language`. Subscription feeds go through feeds.interfaces.calendars.build_feed, which adds a
    cache in front of this same serialization.

    refresh: a subscription feed (REFRESH-INTERVAL and X-PUBLISHED-TTL); False for a one-off
    download. include_delegation: name the delegation in each description (staff and vehicle feeds)."""
    language = feed_language(language, event)
    labels = Labels(language, event.default_language)
    all_values = [
        event_values(entry, event=event, language=language, labels=labels, include_delegation=include_delegation)
        for entry in entries
    ]
    years = zone_years((moment for values in all_values for moment in (values.start, values.end)), event)
    return assemble_calendar(
        event=event, name=name, years=years, vevents=[serialize_vevent(values) for values in all_values],
        refresh=refresh, method=method,
    )
