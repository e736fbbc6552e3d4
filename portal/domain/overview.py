"""What a focal point sees of their delegation: members and their status (with the office's public
reason for a rejection), the itinerary on the local clocks in their language, the calendar feed
and the office's messages. Passport numbers only masked."""
from django.conf import settings
from django.utils import formats

from core.multilingual import localized
from correspondence.models import Message, MessageState
from delegations.domain.itineraries import delegation_itinerary
from events.domain.masking import mask_date, mask_passport
from events.models import Guest, GuestStatus
from feeds.domain.tokens import secret_of
from feeds.models import FeedToken

from .nominations import categories_for, deadline_passed, settings_of

SHOWN_STATUSES = (GuestStatus.REGISTERED, GuestStatus.APPROVED, GuestStatus.REJECTED, GuestStatus.INVITED)


def members(focal_point) -> list[dict]:
    guests = (Guest.objects.filter(delegation_id=focal_point.delegation_id, event_id=focal_point.event_id)
              .select_related("nomination").order_by("pk"))
    return [member_data(guest) for guest in guests]


def member_data(guest) -> dict:
    nomination = getattr(guest, "nomination", None)
    return {
        "id": guest.pk, "status": guest.status, "status_label": str(guest.get_status_display()),
        "public_reason": nomination.public_reason if nomination and guest.status == GuestStatus.REJECTED else "",
        "family_name": guest.family_name, "given_name": guest.given_name, "native_name": guest.native_name,
        "chinese_name": guest.chinese_name, "honorific": guest.honorific, "position": guest.position,
        "category": guest.category, "category_label": str(guest.get_category_display()), "gender": guest.gender,
        "date_of_birth": mask_date(guest.date_of_birth), "passport_number": mask_passport(guest.passport_number),
        "passport_expiry": guest.passport_expiry.isoformat() if guest.passport_expiry else None,
        "passport_scan": bool(nomination and nomination.passport_scan), "has_photo": bool(guest.photo),
        "arrival_flight": guest.arrival_flight, "departure_flight": guest.departure_flight, "dietary": guest.dietary,
        "email": guest.email,
    }


def itinerary(focal_point, language: str) -> list[dict]:
    event = focal_point.event
    rows = []
    for entry in delegation_itinerary(focal_point.delegation, include_cancelled=False):
        start, end = entry.local_start, entry.local_end
        rows.append({
            "title": localized(entry.title, language, event.default_language), "kind": entry.kind, "status": entry.status,
            "start_local": start.isoformat(), "end_local": end.isoformat(),
            "start_text": formats.date_format(start, "DATETIME_FORMAT"), "end_text": formats.date_format(end, "TIME_FORMAT"),
            "timezone": entry.start_timezone,
            "place": localized(entry.venue.name, language, event.default_language) if entry.venue is not None else entry.location_text,
        })
    return rows


def feed_link(focal_point) -> str:
    feed = (FeedToken.objects.filter(event_id=focal_point.event_id, scope="delegation", delegation_id=focal_point.delegation_id,
                                     revoked_at__isnull=True).order_by("-id").first())
    if feed is None:
        return ""
    base = getattr(settings, "FEEDS_PUBLIC_URL", "") or "http://127.0.0.1:8000"
    return f"{base.rstrip('/')}/ical/{secret_of(feed)}.ics"


def messages(focal_point) -> list[dict]:
    found = (Message.objects.filter(event_id=focal_point.event_id, recipient_email__iexact=focal_point.email,
                                    context__portal="office", context__focal_point=focal_point.pk)
             .exclude(state=MessageState.CANCELLED).order_by("-id")[:50])
    return [{"id": m.pk, "subject": m.subject, "body": m.body_text, "sent_at": (m.queued_at or m.created_at).isoformat()}
            for m in found]


def overview(focal_point, language: str) -> dict:
    delegation = focal_point.delegation
    listed = members(focal_point)
    return {
        "focal_point": {"name": focal_point.name, "email": focal_point.email, "language": focal_point.language},
        "delegation": {"id": delegation.pk, "name": delegation.name, "quota": delegation.quota,
                       "members": len(listed), "categories": categories_for(delegation),
                       "nomination_deadline": (settings_of(delegation).nomination_deadline or None) and
                       settings_of(delegation).nomination_deadline.isoformat(),
                       "read_only": deadline_passed(delegation)},
        "members": [m for m in listed if m["status"] in SHOWN_STATUSES],
        "itinerary": itinerary(focal_point, language),
        "feed_link": feed_link(focal_point),
        "messages": messages(focal_point),
    }
