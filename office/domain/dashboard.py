"""The event dashboard's figures, each with the filter that lists what it counts: guests by status,
category and country; delegations against their quota; badges issued, printed and revoked;
check-ins per gate today; clashes; guest list imports checked and awaiting their commit. A fixed number of queries; sections the viewer has no right to
are left out (None)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q

from badges.models import Badge, BadgeStatus
from checkin.models import Checkpoint, Direction, Scan, ScanResult
from core.countries import country_name
from delegations.domain.conflicts import event_conflicts
from delegations.domain.precedence import precedence_order
from delegations.models import Delegation
from events.domain import access
from events.models import Guest, GuestCategory, GuestStatus
from spreadsheets.models import GuestImport, ImportStatus

from .day import day_bounds


@dataclass
class Figure:
    key: str  # the value counted (status, category, country code, checkpoint id…)
    label: str
    count: int
    query: dict = field(default_factory=dict)  # the admin list's filter for it
    extra: dict = field(default_factory=dict)


@dataclass
class Dashboard:
    guests_by_status: list[Figure] | None = None
    guests_by_category: list[Figure] | None = None
    guests_by_country: list[Figure] | None = None
    guest_total: int = 0
    delegations: list[Figure] | None = None
    badges: list[Figure] | None = None
    checkins: list[Figure] | None = None
    clashes: int | None = None  # in the whole event's itineraries
    imports_awaiting_commit: int | None = None  # checked guest lists nobody has committed yet
    today: datetime.date | None = None


def _counts(queryset, column):
    return dict(queryset.values_list(column).annotate(n=Count("id")).order_by())


def dashboard(event, user, *, now: datetime.datetime, language: str) -> Dashboard:
    result = Dashboard(today=now.astimezone(event.tzinfo).date())
    rights = access.rights_for(user, event)
    if access.VIEW_GUESTS in rights:
        guests = Guest.objects.filter(event=event)
        by_status = _counts(guests, "status")
        result.guest_total = sum(by_status.values())
        result.guests_by_status = [Figure(s.value, str(s.label), by_status.get(s.value, 0), {"status__exact": s.value})
                                   for s in GuestStatus]
        by_category = _counts(guests, "category")
        result.guests_by_category = [Figure(c.value, str(c.label), by_category[c.value], {"category__exact": c.value})
                                     for c in GuestCategory if by_category.get(c.value)]
        by_country = _counts(guests, "country")
        result.guests_by_country = sorted(
            (Figure(code, country_name(code, "zh-hans" if language.startswith("zh") else "en"), n, {"country__exact": code})
             for code, n in by_country.items()), key=lambda f: (-f.count, f.label))
        delegations = Delegation.objects.filter(event=event).annotate(members_count=Count("members"))
        result.delegations = [
            Figure(str(d.pk), d.name, d.members_count, {"delegation__id__exact": d.pk},
                   {"quota": d.quota, "over": d.quota is not None and d.members_count > d.quota,
                    "full": d.quota is not None and d.members_count >= d.quota, "country": d.country})
            for d in precedence_order(event, delegations).delegations
        ]
        result.clashes = len(event_conflicts(event))
        result.imports_awaiting_commit = GuestImport.objects.filter(event=event, status=ImportStatus.READY).count()
        badges = Badge.objects.filter(event=event).aggregate(
            issued=Count("id", filter=Q(status=BadgeStatus.ACTIVE)),
            printed=Count("id", filter=Q(status=BadgeStatus.ACTIVE, printed_at__isnull=False)),
            revoked=Count("id", filter=Q(status=BadgeStatus.REVOKED)),
        )
        result.badges = [
            Figure("issued", "issued", badges["issued"], {"status__exact": BadgeStatus.ACTIVE}),
            Figure("printed", "printed", badges["printed"], {"status__exact": BadgeStatus.ACTIVE, "printed_at__isnull": "False"}),
            Figure("revoked", "revoked", badges["revoked"], {"status__exact": BadgeStatus.REVOKED}),
        ]
    if access.VIEW_ATTENDANCE in rights:
        start, end = day_bounds(event, result.today)
        per_gate = _counts(Scan.objects.filter(event=event, result=ScanResult.OK, direction=Direction.ENTRY,
                                               scanned_at__gte=start, scanned_at__lt=end), "checkpoint_id")
        result.checkins = [
            Figure(str(c.pk), c.display_name(language), per_gate.get(c.pk, 0),
                   {"checkpoint__id__exact": c.pk, "result__exact": ScanResult.OK, "direction__exact": Direction.ENTRY,
                    "scanned_at__gte": start.isoformat(), "scanned_at__lt": end.isoformat()},
                   {"open": c.is_active})
            for c in Checkpoint.objects.filter(event=event).order_by("id")
        ]
    return result
