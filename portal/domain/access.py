"""Sign-in links and portal sessions.

A link is 32 random bytes (urlsafe base64, 43 characters); the database keeps only an HMAC of it
(keyed with SECRET_KEY), and the address it was sent to. Opening it (GET) only looks it up;
`consume_link` (the confirmation POST) marks it used, in a transaction with a row lock, and opens a
session. A session key is likewise random and stored only as its HMAC; a session lives
PORTAL_SESSION_HOURS and ends earlier when the office revokes it or the focal point signs out."""
import datetime
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from audit import domain as audit
from audit.models import ActorKind

from ..models import FocalPoint, PortalSession, SignInLink

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")
VALID, USED, EXPIRED, UNKNOWN = "valid", "used", "expired", "unknown"


def link_days() -> int:
    return int(getattr(settings, "PORTAL_LINK_DAYS", 14))


def session_hours() -> int:
    return int(getattr(settings, "PORTAL_SESSION_HOURS", 12))


def digest(secret: str, purpose: str) -> str:
    return salted_hmac(f"liaison.portal.{purpose}", secret, algorithm="sha256").hexdigest()


def actor(focal_point: FocalPoint) -> audit.Actor:
    label = f"{focal_point.name} · {focal_point.email} · focal point of {focal_point.delegation}"
    return audit.Actor(ActorKind.FOCAL_POINT, str(focal_point.pk), label[:200])


def new_link(focal_point: FocalPoint) -> str:
    """A new sign-in link's secret (the caller mails it; it is not kept)."""
    token = secrets.token_urlsafe(32)
    SignInLink.objects.create(focal_point=focal_point, token_hash=digest(token, "link"), email=focal_point.email,
                              expires_at=timezone.now() + datetime.timedelta(days=link_days()))
    return token


def _find(token, *, lock=False):
    if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
        return None
    links = SignInLink.objects.select_related("focal_point__delegation", "focal_point__event")
    if lock:
        links = links.select_for_update(of=("self",))
    return links.filter(token_hash=digest(token, "link")).first()


def link_state(link) -> str:
    if link is None or link.email.casefold() != link.focal_point.email.casefold():
        return UNKNOWN  # forged, or sent to an address the focal point no longer has
    if link.used_at is not None:
        return USED
    if link.expires_at <= timezone.now():
        return EXPIRED
    return VALID


def inspect_link(token):
    """(state, link) for a GET: nothing is written, so a mail scanner opening the link leaves it usable."""
    link = _find(token)
    return link_state(link), link


def consume_link(token) -> tuple[str, FocalPoint | None, str | None]:
    """(state, focal point, session key): the link used once, a session opened if it was valid."""
    with transaction.atomic():
        link = _find(token, lock=True)
        state = link_state(link)
        if state != VALID:
            return state, (link.focal_point if link is not None and state != UNKNOWN else None), None
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        key = secrets.token_urlsafe(32)
        session = PortalSession.objects.create(focal_point=link.focal_point, key_hash=digest(key, "session"),
                                               expires_at=timezone.now() + datetime.timedelta(hours=session_hours()))
        fp = link.focal_point
        audit.record(actor(fp), "portal.signed_in", event=fp.event_id, obj=fp, object_label=str(fp),
                     details={"link": link.pk, "session": session.pk, "expires_at": session.expires_at.isoformat()})
    return VALID, fp, key


def session_for(key):
    """The live session of a key from a cookie, or None."""
    if not isinstance(key, str) or not TOKEN_RE.fullmatch(key):
        return None
    return (PortalSession.objects.select_related("focal_point__delegation", "focal_point__event")
            .filter(key_hash=digest(key, "session"), revoked_at__isnull=True, expires_at__gt=timezone.now()).first())


@transaction.atomic
def sign_out(session: PortalSession) -> None:
    PortalSession.objects.filter(pk=session.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    fp = session.focal_point
    audit.record(actor(fp), "portal.signed_out", event=fp.event_id, obj=fp, object_label=str(fp))


@transaction.atomic
def revoke_sessions(focal_point: FocalPoint, *, by=None) -> int:
    """End every live session of the focal point (and every unused link), at once."""
    now = timezone.now()
    ended = PortalSession.objects.filter(focal_point=focal_point, revoked_at__isnull=True, expires_at__gt=now).update(revoked_at=now)
    links = SignInLink.objects.filter(focal_point=focal_point, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    audit.record(by, "portal.sessions_revoked", event=focal_point.event_id, obj=focal_point, object_label=str(focal_point),
                 details={"sessions": ended, "links": links})
    return ended
