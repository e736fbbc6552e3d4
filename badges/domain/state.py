"""Is a scanned badge code good right now? Shared by badge tests and the check-in service."""
from django.utils import timezone

from .qr import BadgeCodeError, VerifiedPayload, public_key_for, read_unverified, verify_payload


class WrongEvent(BadgeCodeError):
    code = "wrong_event"


class UnknownBadge(BadgeCodeError):
    code = "unknown_badge"


class Superseded(BadgeCodeError):
    code = "superseded"


class Revoked(BadgeCodeError):
    code = "revoked"


class NotYetValid(BadgeCodeError):
    code = "not_yet_valid"


class Expired(BadgeCodeError):
    code = "expired"


def check_badge_state(event, payload: VerifiedPayload, *, now=None, check_time=True):
    """The Badge a verified payload stands for, if that code is still good at `event`.

    Raises WrongEvent, UnknownBadge, Superseded (an older version after a reprint), Revoked,
    NotYetValid or Expired. Reads the badge with select_related("guest")."""
    from badges.models import Badge, BadgeStatus

    if payload.event_id != event.pk:
        raise WrongEvent("This badge belongs to another event.")
    badge = Badge.objects.select_related("guest").filter(event=event, pk=payload.badge_id).first()
    if badge is None:
        raise UnknownBadge("No such badge at this event.")
    if payload.version < badge.version:
        raise Superseded(f"Version {payload.version} was replaced by a reprint (current version {badge.version}).")
    if payload.version > badge.version:
        raise UnknownBadge("This badge version was never issued.")
    if badge.status == BadgeStatus.REVOKED:
        raise Revoked("This badge was revoked" + (f": {badge.revoked_reason}" if badge.revoked_reason else "."))
    if check_time:
        now = now or timezone.now()
        if now < payload.valid_from:
            raise NotYetValid(f"Valid from {payload.valid_from.isoformat()}.")
        if now >= payload.valid_until:
            raise Expired(f"Expired at {payload.valid_until.isoformat()}.")
    return badge


def verify_badge_code(event, text, *, now=None, check_time=True):
    """Verify a scanned text against `event`'s key and state: returns (badge, payload).

    Raises a BadgeCodeError subclass (Garbled, BadSignature, WrongEvent, UnknownBadge, Superseded,
    Revoked, NotYetValid, Expired); each has a stable ``.code``."""
    unverified = read_unverified(text)
    if unverified.event_id != event.pk:
        raise WrongEvent("This badge belongs to another event.")
    payload = verify_payload(text, public_key_for(event))
    return check_badge_state(event, payload, now=now, check_time=check_time), payload
