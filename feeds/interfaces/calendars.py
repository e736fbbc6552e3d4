"""Calendars put together: domain data (feeds.domain: which entries, in what order, whose feed
and what it is called) through the one iCalendar renderer (feeds.interfaces.ical).

Public functions other apps may use (e.g. to attach a guest's itinerary to an e-mail):
- guest_itinerary_ics(guest, language) -> bytes
- delegation_itinerary_ics(delegation, language) -> bytes
- item_ics(item, language) -> bytes      (an ItineraryItem or a ProgrammeSession)
- programme_ics(event, language) -> bytes
All are METHOD:PUBLISH calendars without refresh hints, ready to attach as text/calendar.
render_feed(feed) is a subscription feed, built from cached VEVENTs (feeds.domain.builder)."""
from __future__ import annotations

from core.multilingual import localized, normalize_language
from delegations.domain.itineraries import (
    ItinerarySources,
    delegation_itinerary,
    entry_for_item,
    entry_for_session,
    guest_itinerary,
    itinerary,
    programme_itinerary,
)
from delegations.models import ItineraryItem
from events.models import ProgrammeSession
from feeds.domain.builder import entry_cache, feed_rows, load_entries, stamp
from feeds.domain.feeds import calendar_name, event_name, feed_sources, include_delegation
from feeds.domain.labels import Labels, feed_language
from feeds.models import FeedScope, FeedToken

from .ical import RENDERER_VERSION, assemble_calendar, event_values, render_calendar, serialize_vevent, zone_of, zone_years

DOWNLOAD_CONTENT_TYPE = "text/calendar; charset=utf-8"


def build_feed(feed: FeedToken, sources: ItinerarySources, *, name: str, include_delegation: bool) -> bytes:
    event = feed.event
    language = feed_language(feed.language, event)
    context = f"feeds:{RENDERER_VERSION}:{language}:{int(include_delegation)}:{event.pk}:{stamp(event.updated_at)}"
    rows = feed_rows(sources)
    keys = [f"{context}:{row.source}:{row.pk}:{row.version}" for row in rows]
    cache = entry_cache()
    found = cache.get_many(keys) if keys else {}
    missing = [row for row, key in zip(rows, keys) if key not in found]
    if missing:
        labels = Labels(language, event.default_language)
        entries = load_entries(event, missing)
        new = {}
        for row, key in zip(rows, keys):
            if key in found:
                continue
            entry = entries.get((row.source, row.pk))
            if entry is None:  # deleted between the two queries: left out of this build
                continue
            values = event_values(entry, event=event, language=language, labels=labels, include_delegation=include_delegation)
            new[key] = serialize_vevent(values)
        cache.set_many(new, timeout=None)
        found.update(new)
    vevents = [found[key] for key in keys if key in found]
    # The same years as render_calendar finds from the VEVENTs' local start and end.
    years = zone_years(
        (moment.astimezone(zone_of(zone, event.timezone))
         for row in rows for moment, zone in ((row.start, row.start_timezone), (row.end, row.end_timezone))),
        event,
    )
    return assemble_calendar(event=event, name=name, years=years, vevents=vevents, refresh=True)


def render_feed(feed: FeedToken) -> bytes:
    """The subscription calendar of a feed token (built from cached VEVENTs where possible)."""
    return build_feed(
        feed, feed_sources(feed),
        name=calendar_name(feed.event, feed.scope, feed.target, feed.language),
        include_delegation=include_delegation(feed.scope),
    )


def render_feed_uncached(feed: FeedToken) -> bytes:
    """The same bytes as render_feed, straight from delegations.domain.itineraries (reference path)."""
    event = feed.event
    return render_calendar(
        itinerary(feed_sources(feed)), event=event, language=feed.language,
        name=calendar_name(event, feed.scope, feed.target, feed.language),
        refresh=True, include_delegation=include_delegation(feed.scope),
    )


def _target_ics(entries, scope, target, language) -> bytes:
    """A one-off .ics of a guest's or a delegation's itinerary. Language: as given, else the
    target's own, else the event's default."""
    event = target.event
    language = feed_language(normalize_language(language) or target.language, event)
    return render_calendar(entries, event=event, language=language,
                           name=calendar_name(event, scope, target, language), refresh=False)


def guest_itinerary_ics(guest, language: str | None = None) -> bytes:
    """A guest's whole itinerary as a one-off .ics (an e-mail attachment)."""
    return _target_ics(guest_itinerary(guest), FeedScope.GUEST, guest, language)


def delegation_itinerary_ics(delegation, language: str | None = None) -> bytes:
    return _target_ics(delegation_itinerary(delegation), FeedScope.DELEGATION, delegation, language)


def programme_ics(event, language: str | None = None) -> bytes:
    language = feed_language(language, event)
    return render_calendar(
        programme_itinerary(event), event=event, language=language,
        name=calendar_name(event, FeedScope.PROGRAMME, None, language), refresh=False, include_delegation=True,
    )


def item_ics(item, language: str | None = None) -> bytes:
    """One itinerary item (or programme session) as a one-off .ics."""
    event = item.event
    if isinstance(item, ProgrammeSession):
        entry = entry_for_session(item, event)
    elif isinstance(item, ItineraryItem):
        entry = entry_for_item(item)
    else:
        raise TypeError(f"item_ics() takes an ItineraryItem or a ProgrammeSession, not {type(item).__name__}")
    language = feed_language(language, event)
    name = f"{event_name(event, language)} — {localized(item.title, language, event.default_language)}"
    return render_calendar([entry], event=event, language=language, name=name, refresh=False)
