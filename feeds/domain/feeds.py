"""What each kind of feed contains, what it is called, and the .ics downloads.

Public functions other apps may use (e.g. to attach a guest's itinerary to an e-mail):
- guest_itinerary_ics(guest, language) -> bytes
- delegation_itinerary_ics(delegation, language) -> bytes
- item_ics(item, language) -> bytes      (an ItineraryItem or a ProgrammeSession)
- programme_ics(event, language) -> bytes
All are METHOD:PUBLISH calendars without refresh hints, ready to attach as text/calendar."""
from __future__ import annotations

from core.multilingual import localized, normalize_language
from delegations.domain.itineraries import (
    ItinerarySources,
    delegation_itinerary,
    delegation_sources,
    entry_for_item,
    entry_for_session,
    guest_itinerary,
    guest_sources,
    itinerary,
    programme_itinerary,
    programme_sources,
    staff_sources,
    vehicle_sources,
)
from delegations.models import ItineraryItem
from events.models import GuestStatus, ProgrammeSession
from feeds.models import FeedScope, FeedToken

from ..interfaces.ical import feed_language, render_calendar
from .builder import build_feed
from .labels import Labels

# A guest who was rejected or cancelled loses their personal feed (it answers 404 like a revoked one).
GUEST_STATUSES_WITHOUT_FEED = {GuestStatus.REJECTED, GuestStatus.CANCELLED}
DOWNLOAD_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _event_name(event, language):
    return event.display_name(language)


def guest_name(guest, language: str) -> str:
    if language.startswith("zh") and guest.chinese_name:
        return guest.chinese_name
    return guest.full_name or guest.native_name or guest.chinese_name


def staff_name(staff, language: str) -> str:
    if language.startswith("zh") and staff.chinese_name:
        return staff.chinese_name
    return staff.full_name


def calendar_name(event, scope: str, target, language: str) -> str:
    """X-WR-CALNAME: the event, then whose calendar it is."""
    language = feed_language(language, event)
    if scope == FeedScope.PROGRAMME:
        whose = Labels(language, event.default_language)["programme"]
    elif scope == FeedScope.DELEGATION:
        whose = target.name
    elif scope == FeedScope.GUEST:
        whose = guest_name(target, language)
    elif scope == FeedScope.STAFF:
        whose = staff_name(target, language)
    else:
        whose = target.plate
    return f"{_event_name(event, language)} — {whose}"


def _with_event(target, event):
    # The itinerary sources read target.event; it is the feed's event, already loaded.
    if target is not None and target.event_id == event.pk:
        target.event = event
    return target


SOURCES = {
    FeedScope.DELEGATION: delegation_sources,
    FeedScope.GUEST: guest_sources,
    FeedScope.STAFF: staff_sources,
    FeedScope.VEHICLE: vehicle_sources,
}


def feed_sources(feed: FeedToken) -> ItinerarySources:
    """Where the feed's entries come from: the itinerary of its target, or the event's programme."""
    if feed.scope == FeedScope.PROGRAMME:
        return programme_sources(feed.event)
    return SOURCES[feed.scope](_with_event(feed.target, feed.event))


def feed_is_servable(feed: FeedToken) -> bool:
    """An active token whose target still exists, belongs to its event, and may have a feed."""
    if feed.revoked_at is not None:
        return False
    if feed.scope == FeedScope.PROGRAMME:
        return True
    target = feed.target
    if target is None or target.event_id != feed.event_id:
        return False
    return not (feed.scope == FeedScope.GUEST and target.status in GUEST_STATUSES_WITHOUT_FEED)


def render_feed(feed: FeedToken) -> bytes:
    """The subscription calendar of a feed token (built from cached VEVENTs where possible)."""
    return build_feed(
        feed, feed_sources(feed),
        name=calendar_name(feed.event, feed.scope, feed.target, feed.language),
        include_delegation=include_delegation(feed.scope),
    )


def include_delegation(scope: str) -> bool:
    """Staff, drivers and the programme need to know whose an entry is; a delegation and its guests do not."""
    return scope in (FeedScope.PROGRAMME, FeedScope.STAFF, FeedScope.VEHICLE)


def render_feed_uncached(feed: FeedToken) -> bytes:
    """The same bytes as render_feed, straight from delegations.domain.itineraries (reference path)."""
    event = feed.event
    return render_calendar(
        itinerary(feed_sources(feed)), event=event, language=feed.language,
        name=calendar_name(event, feed.scope, feed.target, feed.language),
        refresh=True, include_delegation=include_delegation(feed.scope),
    )


def guest_itinerary_ics(guest, language: str | None = None) -> bytes:
    """A guest's whole itinerary as a one-off .ics (an e-mail attachment). Language: as given,
    else the guest's own, else the event's default."""
    event = guest.event
    language = feed_language(normalize_language(language) or guest.language, event)
    return render_calendar(
        guest_itinerary(guest), event=event, language=language,
        name=calendar_name(event, FeedScope.GUEST, guest, language), refresh=False,
    )


def delegation_itinerary_ics(delegation, language: str | None = None) -> bytes:
    event = delegation.event
    language = feed_language(normalize_language(language) or delegation.language, event)
    return render_calendar(
        delegation_itinerary(delegation), event=event, language=language,
        name=calendar_name(event, FeedScope.DELEGATION, delegation, language), refresh=False,
    )


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
    name = f"{_event_name(event, language)} — {localized(item.title, language, event.default_language)}"
    return render_calendar([entry], event=event, language=language, name=name, refresh=False)
