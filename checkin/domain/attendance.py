"""Attendance: who is inside each zone now, entries per checkpoint per hour, first arrivals.
Each function runs a constant number of queries, whatever the number of guests."""
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import TruncHour

from audit import domain as audit
from badges.models import AccessZone
from checkin.models import Checkpoint, Direction, Scan, ScanResult, ZonePresence
from events.models import Guest

from .summary import category_label

GUEST_FIELDS = ("id", "honorific", "family_name", "given_name", "native_name", "chinese_name", "country", "category",
                "status", "delegation__id", "delegation__name")


def _guest_row(guest) -> dict:
    return {
        "id": guest.pk,
        "name": " ".join(part for part in (guest.given_name, guest.family_name) if part),
        "honorific": guest.honorific,
        "native_name": guest.native_name,
        "chinese_name": guest.chinese_name,
        "country": guest.country,
        "category": guest.category,
        "category_label": category_label(guest.category),
        "delegation": guest.delegation.name if guest.delegation_id else "",
    }


def inside_now(event) -> list[dict]:
    """Every zone of the event with the guests inside it now (2 queries)."""
    zones = list(AccessZone.objects.filter(event=event).order_by("bit"))
    presences = (
        ZonePresence.objects.filter(event=event, inside=True)
        .select_related("guest", "guest__delegation", "last_checkpoint")
        .only(*(f"guest__{name}" for name in GUEST_FIELDS), "guest__delegation_id", "zone_id", "last_entry_at",
              "last_checkpoint__id", "last_checkpoint__name")
        .order_by("zone_id", "guest__family_name", "guest__given_name", "guest_id")
    )
    by_zone = {zone.pk: [] for zone in zones}
    for presence in presences:
        by_zone.setdefault(presence.zone_id, []).append({
            **_guest_row(presence.guest),
            "since": presence.last_entry_at.astimezone(event.tzinfo).isoformat() if presence.last_entry_at else None,
            "checkpoint": presence.last_checkpoint.display_name("en") if presence.last_checkpoint else "",
        })
    return [
        {"zone": {"id": z.pk, "code": z.code, "name": z.name, "colour": z.colour},
         "count": len(by_zone[z.pk]), "guests": by_zone[z.pk]}
        for z in zones
    ]


def hourly_entries(event) -> list[dict]:
    """Admitted entries and recorded exits per checkpoint per hour, hours in the event's time zone (2 queries)."""
    names = {c.pk: c.name for c in Checkpoint.objects.filter(event=event).only("id", "name")}
    rows = (
        Scan.objects.filter(event=event, result=ScanResult.OK)
        .annotate(hour=TruncHour("scanned_at", tzinfo=event.tzinfo))
        .values("checkpoint_id", "hour")
        .annotate(entries=Count("id", filter=Q(direction=Direction.ENTRY)),
                  exits=Count("id", filter=Q(direction=Direction.EXIT)))
        .order_by("hour", "checkpoint_id")
    )
    return [
        {"checkpoint": {"id": row["checkpoint_id"], "name": names.get(row["checkpoint_id"], {})},
         "hour": row["hour"].astimezone(event.tzinfo).isoformat(), "entries": row["entries"], "exits": row["exits"]}
        for row in rows
    ]


def arrivals(event, *, arrived=None):
    """Guests of the event with the time and gate of their first admitted entry (None if not yet),
    earliest first; a queryset of Guest annotated with first_arrival and first_checkpoint_id."""
    first_entry = Scan.objects.filter(
        guest=OuterRef("pk"), result=ScanResult.OK, direction=Direction.ENTRY
    ).order_by("scanned_at", "id")
    queryset = (
        Guest.objects.filter(event=event)
        .select_related("delegation")
        .only(*GUEST_FIELDS, "delegation_id")
        .annotate(first_arrival=Subquery(first_entry.values("scanned_at")[:1]),
                  first_checkpoint_id=Subquery(first_entry.values("checkpoint_id")[:1]))
    )
    if arrived is True:
        queryset = queryset.filter(first_arrival__isnull=False)
    elif arrived is False:
        queryset = queryset.filter(first_arrival__isnull=True)
    return queryset.order_by(F("first_arrival").asc(nulls_last=True), "family_name", "given_name", "id")


def arrival_rows(event, guests) -> list[dict]:
    names = {c.pk: c.name for c in Checkpoint.objects.filter(event=event).only("id", "name")}
    return [
        {**_guest_row(guest), "status": guest.status,
         "first_arrival": guest.first_arrival.astimezone(event.tzinfo).isoformat() if guest.first_arrival else None,
         "checkpoint": names.get(guest.first_checkpoint_id) if guest.first_checkpoint_id else None}
        for guest in guests
    ]


def record_export(event, report: str, *, by=None) -> None:
    """A list of who was where left the system as a file: one audit entry naming the report."""
    audit.record(by, f"export.attendance_{report}", event=event, object_type="export", object_label=f"attendance {report}")
