"""Deciding whether a feed may have changed, without building it.

A feed's *fingerprint* digests everything its bytes can depend on: the renderer's version (given
by the caller: feeds.views passes feeds.interfaces.ical.RENDERER_VERSION), the
token (scope, language, its row's updated_at), its target row (a guest's name, status and
category, a car's plate…), the event row, and the event's calendar version. All of these come
with the token in one query (feeds.domain.tokens.find_active_feed), so a 304 costs the same for
an event of 20 items as for one of 20 000.

The calendar version counts core.calendar.calendar_changed, which core.calendar sends on every
save and delete of an itinerary item, a programme session, a venue, a staff member, a vehicle or
a delegation and every change of their links, inside the writing transaction. Guests are the
one other thing a feed depends on beyond its own target: joining or leaving a delegation
changes which items the delegation's feed shows, so a guest saved with its delegation, created
in one, or deleted, marks the event's calendars changed too (the receivers below).

The version is event-wide: a change anywhere in the event changes every feed's fingerprint. The
feed is then rebuilt (from cached VEVENTs, so quickly); when its bytes are the same the ETag is
the same and the client still gets its 304.

The fingerprint is taken BEFORE the feed is built: a body is then at least as new as the
fingerprint stored with it, never older."""
import hashlib

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.calendar import calendar_changed, mark_calendar_changed
from events.models import Event, Guest
from feeds.models import CalendarVersion, FeedToken


@receiver(calendar_changed, dispatch_uid="feeds-calendar-version")
def advance_calendar_version(sender, event_id, **kwargs):
    # Every event has its row (created with the event, see below); an event without one (made
    # with bulk_create) gets it on its first feed request.
    CalendarVersion.objects.filter(event_id=event_id).update(version=F("version") + 1)


@receiver(post_save, sender=Event, dispatch_uid="feeds-calendar-version-row")
def create_calendar_version(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        CalendarVersion.objects.get_or_create(event=instance)


@receiver(post_save, sender=Guest, dispatch_uid="feeds-guest-membership")
def guest_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """A delegation's feed shows its members' personal items: membership is part of it."""
    if raw:
        return
    if (instance.delegation_id if created else update_fields is None or "delegation" in update_fields):
        mark_calendar_changed(instance.event_id)


@receiver(post_delete, sender=Guest, dispatch_uid="feeds-guest-deleted")
def guest_deleted(sender, instance, **kwargs):
    mark_calendar_changed(instance.event_id)


def calendar_version(event: Event) -> int:
    try:
        return event.calendar_version.version
    except CalendarVersion.DoesNotExist:
        return CalendarVersion.objects.get_or_create(event=event)[0].version


def _target_state(feed: FeedToken):
    target = feed.target
    return None if target is None else (target.pk, target.updated_at)


def feed_fingerprint(feed: FeedToken, renderer_version: str = "") -> str:
    """A hash that changes whenever the feed's body may have changed (no query when the token
    was read by find_active_feed); `renderer_version` stands for the code that renders it."""
    event = feed.event
    state = (
        renderer_version,
        feed.pk, feed.scope, feed.language, feed.updated_at,
        _target_state(feed),
        event.updated_at,
        calendar_version(event),
    )
    return hashlib.sha256(repr(state).encode("utf-8")).hexdigest()
