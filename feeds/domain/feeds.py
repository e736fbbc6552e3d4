"""What each kind of feed contains, whom it is for and what it is called. The calendars themselves
(subscription feeds and .ics downloads) are put together by feeds.interfaces.calendars."""
from __future__ import annotations

from delegations.domain.itineraries import (
    ItinerarySources,
    delegation_sources,
    guest_sources,
    programme_sources,
    staff_sources,
    vehicle_sources,
)
from events.models import GuestStatus
from feeds.models import FeedScope, FeedToken

from .labels import Labels, feed_language

# A guest who was rejected or cancelled loses their personal feed (it answers 404 like a revoked one).
GUEST_STATUSES_WITHOUT_FEED = {GuestStatus.REJECTED, GuestStatus.CANCELLED}


def event_name(event, language):
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
    return f"{event_name(event, language)} — {whose}"


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




def include_delegation(scope: str) -> bool:
    """Staff, drivers and the programme need to know whose an entry is; a delegation and its guests do not."""
    return scope in (FeedScope.PROGRAMME, FeedScope.STAFF, FeedScope.VEHICLE)
