"""Who may do what in an event. Roles are per event (EventMembership); superusers may do
everything everywhere. A user who is not a member of an event must not learn it exists, so
lookups for non-members raise Http404, never 403."""
from django.db.models import F
from django.http import Http404

from core.compiled_queries import CompiledQuery
from events.models import Event, EventMembership, Role

# Rights, by name. Views declare the right an action needs; the README documents this table.
VIEW_EVENT = "view_event"  # see the event, its venues and programme
CHANGE_EVENT = "change_event"  # edit the event, venues and programme
MANAGE_MEMBERS = "manage_members"  # add and remove organizers and change their roles
VIEW_GUESTS = "view_guests"  # see guest records (passport data masked)
CHANGE_GUESTS = "change_guests"  # register and edit guests
DECIDE_GUESTS = "decide_guests"  # approve, reject, cancel guests
VIEW_PASSPORT = "view_passport"  # see passport number and date of birth unmasked
MANAGE_DELEGATIONS = "manage_delegations"  # delegations, hotels, vehicles, itineraries, feeds
MANAGE_BADGES = "manage_badges"  # templates, issuing, printing, revoking badges
CHECKIN = "checkin"  # scan badges at gates
VIEW_ATTENDANCE = "view_attendance"  # who is inside, entries per gate
VIEW_AUDIT_LOG = "view_audit_log"  # the audit trail: who did what (owners)
EXPORT_PERSONAL_DATA = "export_personal_data"  # a guest's data subject export, legal hold (owners)

ALL_RIGHTS = frozenset(
    {VIEW_EVENT, CHANGE_EVENT, MANAGE_MEMBERS, VIEW_GUESTS, CHANGE_GUESTS, DECIDE_GUESTS, VIEW_PASSPORT,
     MANAGE_DELEGATIONS, MANAGE_BADGES, CHECKIN, VIEW_ATTENDANCE, VIEW_AUDIT_LOG,
     EXPORT_PERSONAL_DATA}
)

ROLE_RIGHTS = {
    Role.OWNER: ALL_RIGHTS,
    Role.MANAGER: ALL_RIGHTS - {MANAGE_MEMBERS, VIEW_AUDIT_LOG, EXPORT_PERSONAL_DATA},
    Role.PROTOCOL: frozenset(
        {VIEW_EVENT, VIEW_GUESTS, CHANGE_GUESTS, DECIDE_GUESTS, VIEW_PASSPORT, MANAGE_DELEGATIONS, MANAGE_BADGES,
         VIEW_ATTENDANCE}
    ),
    Role.REGISTRATION: frozenset({VIEW_EVENT, VIEW_GUESTS, CHANGE_GUESTS}),
    Role.CHECKIN: frozenset({VIEW_EVENT, CHECKIN}),
    Role.VIEWER: frozenset({VIEW_EVENT, VIEW_GUESTS}),
}


def rights_of(role, *, is_superuser=False) -> frozenset:
    """The rights of a role in one event (superusers have every right everywhere)."""
    return ALL_RIGHTS if is_superuser else ROLE_RIGHTS.get(role, frozenset())


def _rights_cache(user) -> dict:
    """Per-request cache (the user object lives for one request): event id → rights."""
    cache = getattr(user, "_liaison_rights", None)
    if cache is None:
        cache = user._liaison_rights = {}
    return cache


def rights_for(user, event) -> frozenset:
    if not user or not user.is_authenticated or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return ALL_RIGHTS
    cache = _rights_cache(user)
    if event.pk not in cache:
        role = EventMembership.objects.filter(user=user, event=event).values_list("role", flat=True).first()
        cache[event.pk] = rights_of(role)
    return cache[event.pk]


def has_right(user, event, right: str) -> bool:
    return right in rights_for(user, event)


def events_visible_to(user):
    if not user or not user.is_authenticated:
        return Event.objects.none()
    if user.is_superuser:
        return Event.objects.all()
    # One membership per (user, event): the join cannot duplicate rows.
    return Event.objects.filter(memberships__user=user)


def events_with_right(user, right: str):
    """The events where `user` holds `right`, as one query (usable as a subquery)."""
    if not user or not user.is_authenticated or not user.is_active:
        return Event.objects.none()
    if user.is_superuser:
        return Event.objects.all()
    roles = [role for role, rights in ROLE_RIGHTS.items() if right in rights]
    return Event.objects.filter(memberships__user=user, memberships__role__in=roles)


def _member_event(slug, user_id):
    return (Event.objects.filter(slug=slug, memberships__user_id=user_id)
            .annotate(member_role=F("memberships__role")).order_by()[:1])


# [:1], not first(): the slug is unique, an ORDER BY would only cost its compiling and a sort.
# Compiled once per process (core.compiled_queries: every request under an event pays this lookup).
MEMBER_EVENT = CompiledQuery(_member_event, slug="sample-slug", user_id=-(2**62) + 7)
ANY_EVENT = CompiledQuery(lambda slug: Event.objects.filter(slug=slug).order_by()[:1], slug="sample-slug")


def get_event_for(user, slug) -> Event:
    """The event with this slug if the user may see it; Http404 otherwise (no enumeration).
    The user's role comes back in the same query and primes the rights cache."""
    if not isinstance(slug, str) or len(slug) > 80 or "\x00" in slug or not user or not user.is_authenticated:
        raise Http404  # PostgreSQL refuses NUL in text: no slug has one
    if user.is_superuser:
        event = next(iter(ANY_EVENT(slug=slug)), None)
    else:
        event = next(iter(MEMBER_EVENT(slug=slug, user_id=user.pk)), None)
        if event is not None:
            _rights_cache(user)[event.pk] = rights_of(event.member_role)
    if event is None:
        raise Http404
    return event
