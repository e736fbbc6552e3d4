"""Deciding whether a feed may have changed, without building it.

A feed's *fingerprint* digests everything its bytes can depend on: the token (scope, language),
its target row, the event row, and a summary of every table whose rows a feed shows — itinerary
items, programme sessions, venues, guests, staff, vehicles, delegations: (row count, latest
updated_at), read from an (event, updated_at) index; for the many-to-many links, which have no
updated_at: (row count, sum of ids). One SQL query with a scalar subquery per table.

Every edit of a row sets its updated_at; a row added or deleted changes its table's count; an
edit of what an item shows of another row (a driver's phone, a venue's name) or the deletion of
that row also marks the item itself (core.calendar). Nothing else is kept up to date for feeds.

The fingerprint is deliberately event-wide: a change anywhere in the event changes every feed's
fingerprint. That costs nothing in correctness — the feed is then rebuilt (from cached VEVENTs,
so quickly), and when its bytes are the same the ETag is the same and the client still gets its
304 — and it keeps the scope rules in one place (delegations.domain.itineraries). This function
is the only thing the HTTP layer asks, so a cheaper source of the same answer can replace it.

The fingerprint is taken BEFORE the feed is built: a body is then at least as new as the
fingerprint stored with it, never older."""
import hashlib
from functools import lru_cache

from django.db.models import CharField, Count, Max, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast, Concat

from delegations.models import Delegation, ItineraryItem, Staff, Vehicle
from events.models import Event, Guest, ProgrammeSession, Venue
from feeds.models import FeedToken

from ..interfaces.ical import RENDERER_VERSION


def _summary(queryset, group_by: str, version):
    """'count:version' of a queryset filtered on the outer event, as a scalar subquery."""
    summary = Concat(Cast(Count("pk"), CharField()), Value(":"), Cast(version, CharField()), output_field=CharField())
    return Subquery(queryset.order_by().values(group_by).annotate(summary=summary).values("summary")[:1])


def _rows(model):
    return _summary(model.objects.filter(event_id=OuterRef("pk")), "event_id", Max("updated_at"))


def _links(through, owner: str):
    """Links of a many-to-many table: no updated_at; the sum of ids changes when one is replaced."""
    return _summary(through.objects.filter(**{f"{owner}__event_id": OuterRef("pk")}), f"{owner}__event_id", Sum("pk"))


@lru_cache(maxsize=1)
def _summaries():
    # Resolving these subqueries costs more than running them: built once, filtered per request.
    return Event.objects.order_by().values(
        summary_items=_rows(ItineraryItem),
        summary_item_guests=_links(ItineraryItem.guests.through, "itineraryitem"),
        summary_sessions=_rows(ProgrammeSession),
        summary_delegation_sessions=_links(Delegation.sessions.through, "delegation"),
        summary_venues=_rows(Venue),
        summary_guests=_rows(Guest),
        summary_staff=_rows(Staff),
        summary_vehicles=_rows(Vehicle),
        summary_delegations=_rows(Delegation),
    )


def event_summaries(event_id: int) -> dict:
    """Per table a feed shows: how many rows the event has and when the last one changed."""
    return next(iter(_summaries().filter(pk=event_id)), {})


def _target_state(feed: FeedToken):
    target = feed.target
    return None if target is None else (target.pk, target.updated_at)


def feed_fingerprint(feed: FeedToken) -> str:
    """A hash that changes whenever the feed's body may have changed (one SQL query)."""
    event = feed.event
    state = (
        RENDERER_VERSION,
        feed.pk, feed.scope, feed.language, feed.updated_at,
        _target_state(feed),
        event.updated_at,
        sorted(event_summaries(event.pk).items()),
    )
    return hashlib.sha256(repr(state).encode("utf-8")).hexdigest()
