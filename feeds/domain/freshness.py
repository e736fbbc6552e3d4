"""Deciding whether a feed may have changed, without building it.

A feed's *fingerprint* digests everything its bytes can depend on: the token (scope, language),
the scope's own row, the event row, and for the event's itineraries, sessions, venues, guests,
their many-to-many links, staff, vehicles and delegations a summary of (row count, sum of ids,
latest updated_at) — one SQL query with a scalar subquery per table. Count and id sum catch rows
added, removed or relinked; updated_at catches edits. Staff, vehicles and delegations have no
updated_at, so saving one bumps a per-event counter (FeedState, see feeds.signals).

The fingerprint is deliberately event-wide: a change anywhere in the event changes every feed's
fingerprint. That costs nothing in correctness — the feed is then rebuilt (from cached VEVENTs,
so quickly), and when its bytes are the same the ETag is the same and the client still gets its
304 — and it keeps the scope rules in one place (delegations.domain.itineraries).

The fingerprint is taken BEFORE the feed is built: a body is then at least as new as the
fingerprint stored with it, never older."""
import hashlib
from functools import lru_cache

from django.db import connection
from django.db.models import CharField, Count, F, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, Concat

from delegations.models import Delegation, ItineraryItem, Staff, Vehicle
from events.models import Event, Guest, ProgrammeSession, Venue
from feeds.models import FeedScope, FeedState, FeedToken

from .ical import RENDERER_VERSION


def _summary(queryset, group_by: str, *, with_updated=True):
    """'count:sum(id)[:max(updated_at)]' of a queryset filtered on the outer event, as a subquery."""
    parts = [Cast(Count("pk"), CharField()), Value(":"), Cast(Sum("pk"), CharField())]
    if with_updated:
        parts += [Value(":"), Cast(Max("updated_at"), CharField())]
    return Subquery(
        queryset.order_by().values(group_by).annotate(summary=Concat(*parts, output_field=CharField())).values("summary")[:1],
        output_field=CharField(),
    )


def _summaries_queryset(event_id: int):
    event = OuterRef("pk")
    return (
        Event.objects.filter(pk=event_id)
        .order_by()
        .values(
            summary_items=_summary(ItineraryItem.objects.filter(event_id=event), "event_id"),
            summary_item_guests=_summary(
                ItineraryItem.guests.through.objects.filter(itineraryitem__event_id=event), "itineraryitem__event_id",
                with_updated=False,
            ),
            summary_sessions=_summary(ProgrammeSession.objects.filter(event_id=event), "event_id"),
            summary_delegation_sessions=_summary(
                Delegation.sessions.through.objects.filter(delegation__event_id=event), "delegation__event_id",
                with_updated=False,
            ),
            summary_venues=_summary(Venue.objects.filter(event_id=event), "event_id"),
            summary_guests=_summary(Guest.objects.filter(event_id=event), "event_id"),
            summary_staff=_summary(Staff.objects.filter(event_id=event), "event_id", with_updated=False),
            summary_vehicles=_summary(Vehicle.objects.filter(event_id=event), "event_id", with_updated=False),
            summary_delegations=_summary(Delegation.objects.filter(event_id=event), "event_id", with_updated=False),
            summary_state=Subquery(FeedState.objects.filter(event_id=event).values("version")[:1]),
        )[:1]
    )


# Building that query with the ORM costs more than running it, so it is compiled once, for an
# event id that cannot exist, and run with the real id in its place.
_PLACEHOLDER_EVENT_ID = -739_156_347


@lru_cache(maxsize=1)
def _summaries_sql() -> tuple[str, tuple]:
    sql, params = _summaries_queryset(_PLACEHOLDER_EVENT_ID).query.sql_with_params()
    assert list(params).count(_PLACEHOLDER_EVENT_ID) == 1, params
    return sql, tuple(params)


def _event_summaries(event_id: int) -> dict:
    sql, params = _summaries_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [event_id if param == _PLACEHOLDER_EVENT_ID else param for param in params])
        row = cursor.fetchone()
        names = [column[0] for column in cursor.description]
    return dict(zip(names, row)) if row else {}


def _target_state(feed: FeedToken):
    target = feed.target
    if target is None:
        return None
    if feed.scope == FeedScope.GUEST:
        return (target.pk, target.updated_at, target.delegation_id, target.category, target.status)
    return (target.pk, str(target))


def feed_fingerprint(feed: FeedToken) -> str:
    """A hash that changes whenever the feed's body may have changed (one SQL query)."""
    event = feed.event
    summaries = _event_summaries(event.pk)
    state = (
        RENDERER_VERSION,
        feed.pk, feed.scope, feed.language, feed.updated_at,
        _target_state(feed),
        event.updated_at,
        sorted(summaries.items()),
    )
    return hashlib.sha256(repr(state).encode("utf-8")).hexdigest()


def touch_event(event_id, *, create=True) -> None:
    """Mark every feed of an event as possibly changed (for rows without updated_at).
    create=False when the event itself may be being deleted (post_delete of a cascade)."""
    if not event_id:
        return
    if FeedState.objects.filter(event_id=event_id).update(version=F("version") + 1) or not create:
        return
    FeedState.objects.get_or_create(event_id=event_id)
    FeedState.objects.filter(event_id=event_id).update(version=F("version") + 1)
