"""Secret feed tokens: creating, rotating, revoking, and finding the token of a request.

Decision: a token is 32 random bytes (256 bits, urlsafe base64: 43 characters). The database
keeps its SHA-256 hash, which is what a request is looked up by (an index lookup on the hash
leaks nothing about the secret through timing), and a copy encrypted with AES-256-GCM under
FIELD_ENCRYPTION_KEY (core.crypto), because organizers must be able to show and re-send a
guest's subscription URL long after creating it — a show-once secret would force a rotation,
and so break the guest's existing subscription, every time someone needs the link again. A
database dump without the key yields neither usable tokens nor anything to brute-force."""
import hashlib
import re
import secrets

from django.db import transaction
from django.utils import timezone

from audit import domain as audit
from core.crypto import decrypt, encrypt
from feeds.models import FeedToken

TOKEN_BYTES = 32
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")
_CONTEXT = b"liaison-feed-token"


def new_secret() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def _set_secret(feed: FeedToken) -> str:
    token = new_secret()
    feed.token_hash = hash_token(token)
    feed.token_encrypted = encrypt(token, context=_CONTEXT)
    feed.body_fingerprint = feed.body_etag = ""
    feed.body_changed_at = None
    return token


def secret_of(feed: FeedToken) -> str:
    return decrypt(feed.token_encrypted, context=_CONTEXT)


@transaction.atomic
def create_feed(*, event, scope, language, target=None, label="", created_by=None, by=None) -> FeedToken:
    """`by`: who acts (an audit Actor or a user; `created_by` defaults to its user)."""
    by = created_by if by is None else by
    created_by = audit.user_of(by) if created_by is None else created_by
    feed = FeedToken(event=event, scope=scope, language=language, label=label, created_by=created_by)
    if target is not None:
        setattr(feed, scope, target)
    _set_secret(feed)
    feed.full_clean(exclude=["token_hash", "token_encrypted", "created_by"])
    feed.save()
    audit.record(by, "feed.issued", event=event, obj=feed, object_label=_label(feed),
                 changes={"token": audit.CHANGED, **audit.created({"scope": scope, "language": language, "label": label})})
    return feed


def _label(feed: FeedToken) -> str:
    target = getattr(feed, feed.scope, None) if feed.scope in ("delegation", "guest", "staff", "vehicle") else None
    return f"{feed.scope} feed {feed.pk}" + (f" · {target}" if target is not None else "")


@transaction.atomic
def rotate_feed(feed: FeedToken, *, by=None) -> FeedToken:
    """A new secret for the same feed: the old URL stops working at once."""
    _set_secret(feed)
    feed.rotated_at = timezone.now()
    feed.save()
    audit.record(by, "feed.rotated", event=feed.event_id, obj=feed, object_label=_label(feed),
                 changes={"token": audit.CHANGED})
    return feed


@transaction.atomic
def revoke_feed(feed: FeedToken, *, by=None) -> FeedToken:
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at", "updated_at"])
        audit.record(by, "feed.revoked", event=feed.event_id, obj=feed, object_label=_label(feed),
                     changes={"revoked_at": [None, feed.revoked_at.isoformat()]})
    return feed


def find_active_feed(token) -> FeedToken | None:
    """The active feed of a token taken from a URL, or None (malformed, unknown, revoked)."""
    if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
        return None
    found = list(
        FeedToken.objects.select_related("event__calendar_version", "delegation", "guest", "staff", "vehicle")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .order_by()[:1]
    )
    return found[0] if found else None
