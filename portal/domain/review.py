"""The office's side of nominations: what changed since the office last approved a nominee, the
queue of nominations waiting for a decision, a rejection with a reason the focal point reads, and
the notice to the office when a focal point sends an approved guest back for review."""
import base64

from django.db import transaction

from audit import domain as audit
from audit.domain import CHANGED, is_sensitive
from core.crypto import blind_index, decrypt
from correspondence.domain.outbox import queue_direct
from correspondence.models import EventMailSettings
from events.domain.guest_status import reject_guest
from events.models import Guest, GuestStatus

from ..models import Nomination

SCAN_CONTEXT = b"liaison-portal-passport-scan"
IDENTITY_FIELDS = ("family_name", "given_name", "native_name", "chinese_name", "passport_number", "passport_expiry",
                   "date_of_birth", "photo")
REVIEWED_FIELDS = (*IDENTITY_FIELDS, "honorific", "position", "category", "gender", "arrival_flight", "departure_flight",
                   "dietary", "email")


def _value(guest, name):
    value = getattr(guest, name)
    if name == "photo":
        value = value.name if value else ""
    value = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
    # Passport data and photos are kept only as keyed digests: enough to tell a change, nothing to read.
    return blind_index(value, purpose=f"portal-review-{name}") if is_sensitive(name) and value else value


def snapshot(guest) -> dict:
    return {name: _value(guest, name) for name in REVIEWED_FIELDS}


def changes_since_approval(nomination) -> dict:
    """{field: [before, after]} since the last approval ({} if never approved: everything is new);
    passport data and photos only as "changed"."""
    before = nomination.approved_values
    if not before:
        return {}
    now = snapshot(nomination.guest)
    out = {}
    for name in REVIEWED_FIELDS:
        if before.get(name, "") != now[name]:
            out[name] = CHANGED if is_sensitive(name) else [before.get(name, ""), now[name]]
    return out


def remember_approval(guest_ids) -> None:
    """On approval (inside its transaction): the reviewed values as approved, and no reason any more."""
    for nomination in Nomination.objects.filter(guest_id__in=guest_ids).select_related("guest"):
        nomination.approved_values = snapshot(nomination.guest)
        nomination.public_reason = ""
        nomination.save(update_fields=["approved_values", "public_reason", "updated_at"])


def read_passport_scan(nomination, *, by=None) -> tuple[bytes, str]:
    """The decrypted scan and its content type; the read is in the trail (passport data)."""
    data = base64.b64decode(decrypt(nomination.passport_scan, context=SCAN_CONTEXT))
    audit.record(by, "portal.passport_scan_read", event=nomination.guest.event_id, obj=nomination.guest)
    return data, nomination.passport_scan_type


def review_queue(event):
    """Nominations waiting for the office (registered), oldest change first."""
    return (Nomination.objects.filter(guest__event=event, guest__status=GuestStatus.REGISTERED)
            .select_related("guest", "guest__delegation", "focal_point").order_by("updated_at", "id"))


@transaction.atomic
def reject_with_reason(guest: Guest, reason: str, *, by=None) -> Guest:
    nomination, _created = Nomination.objects.get_or_create(guest=guest)
    nomination.public_reason = reason
    nomination.full_clean(exclude=["guest", "focal_point"])
    nomination.save(update_fields=["public_reason", "updated_at"])
    return reject_guest(guest, by=by)


def notify_office(guest: Guest, fields: list, *, by=None) -> None:
    """An approved guest edited by the focal point: in the trail (the review queue shows them) and,
    if the event has a reply-to address, by e-mail to the office."""
    audit.record(by, "portal.review_requested", event=guest.event_id, obj=guest, details={"fields": fields})
    office = EventMailSettings.objects.filter(event_id=guest.event_id).values_list("reply_to", flat=True).first()
    if office:
        queue_direct(event=guest.event, recipient_email=office, recipient_name="Protocol office", language="en",
                     subject=f"To review again: {guest.full_name} ({guest.delegation})"[:400],
                     body_text=f"The focal point changed {', '.join(fields)} of {guest.full_name}, who was approved. "
                               "The guest is registered again and waits in the nomination review queue.",
                     context={"portal": "review", "guest": guest.pk}, by=by)
