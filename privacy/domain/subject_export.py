"""A data subject's copy: everything the organizer holds about one guest (all fields of the record,
the delegation, the itinerary, badges, scans and calendar feeds — never a feed's secret), as JSON
values, recorded in the audit trail."""
from django.db import transaction

from audit.domain import record
from audit.domain.diff import plain
from badges.models import Badge
from checkin.models import Scan
from delegations.domain.itineraries import guest_itinerary
from events.models import Guest
from feeds.models import FeedToken

SKIPPED = {"search_text", "passport_index", "event"}


def _fields(obj, skipped=()):
    return {field.attname if field.is_relation else field.name: plain(getattr(obj, field.attname))
            for field in obj._meta.concrete_fields if field.name not in skipped}


def guest_data(guest: Guest) -> dict:
    record_fields = _fields(guest, SKIPPED)
    record_fields["photo"] = bool(guest.photo)
    delegation = guest.delegation
    return {
        "event": {"id": guest.event_id, "slug": guest.event.slug, "name": guest.event.name},
        "guest": record_fields,
        "delegation": None if delegation is None else {
            "id": delegation.pk, "name": plain(delegation.name), "country": getattr(delegation, "country", ""),
            "role": guest.delegation_role},
        "itinerary": [
            {"source": entry.source, "kind": entry.kind, "title": entry.title, "status": entry.status,
             "start": entry.start.isoformat(), "end": entry.end.isoformat(), "start_timezone": entry.start_timezone,
             "venue": str(entry.venue) if entry.venue is not None else entry.location_text}
            for entry in guest_itinerary(guest)],
        "badges": [
            {**_fields(badge, {"event", "guest"}), "zones": sorted(zone.code for zone in badge.zones.all())}
            for badge in Badge.objects.filter(guest=guest).prefetch_related("zones").order_by("id")],
        "scans": [
            {"scanned_at": scan.scanned_at.isoformat(), "checkpoint": str(scan.checkpoint), "direction": scan.direction,
             "result": scan.result, "offline": scan.offline}
            for scan in Scan.objects.filter(guest=guest).select_related("checkpoint").order_by("scanned_at", "id")],
        "calendar_feeds": [
            {"id": feed.pk, "language": feed.language, "created_at": plain(feed.created_at),
             "revoked_at": plain(feed.revoked_at)}
            for feed in FeedToken.objects.filter(guest=guest).order_by("id")],
    }


def export_guest(guest: Guest, *, by=None) -> dict:
    """The guest's data, and one audit entry saying who exported it."""
    with transaction.atomic():
        data = guest_data(guest)
        record(by, "privacy.subject_exported", event=guest.event_id, obj=guest,
               details={"badges": len(data["badges"]), "scans": len(data["scans"]), "items": len(data["itinerary"])})
    return data
