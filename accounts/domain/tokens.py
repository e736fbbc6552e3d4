"""API tokens: creating, listing, revoking, and checking the key of a request.

Decision: a key is "lia_" and 32 random bytes (urlsafe base64): 256 bits. The database keeps only
its SHA-256 digest, which requests are looked up by (a unique index: one cheap query, and nothing
about the key leaks through timing). A key that random needs no salt or slow hash: there is nothing
to brute-force. Unlike a calendar feed URL, nobody needs to see a key again — it is shown once, at
creation; a lost key is revoked and replaced. Its first characters (`prefix`: "lia_" and 8 more) are
kept in clear so that owners can tell their keys apart; the 200-odd bits after them stay secret.
Keys migrated from rest_framework.authtoken (40 hex digits) keep working the same way."""
import datetime
import hashlib
import logging
import re
import secrets

from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from accounts.models import ApiToken

logger = logging.getLogger(__name__)

KEY_START = "lia_"
PREFIX_LENGTH = 12
KEY_RE = re.compile(r"[A-Za-z0-9_-]{1,100}")  # new keys and the migrated 40-hex-digit ones
# last_used_at is written at most this often per token: a scanner's every scan must not be a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=5)
MAX_DAYS = 3650


class TokenRefused(Exception):
    """`unknown`: no token has this key (a guess or a typo: counted by the throttle); otherwise
    the key is real but revoked, expired or its user inactive."""

    def __init__(self, message: str, *, unknown: bool):
        super().__init__(message)
        self.message = message
        self.unknown = unknown


def new_key() -> str:
    return KEY_START + secrets.token_urlsafe(32)


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


def prefix_of(key: str) -> str:
    return key[:PREFIX_LENGTH]


def expiry_for(days: int | None, now: datetime.datetime) -> datetime.datetime | None:
    """`days` from now; None asks for the default (API_TOKEN_DEFAULT_DAYS; 0 there: no expiry)."""
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    return now + datetime.timedelta(days=days) if days else None


def create_token(user, *, name: str = "", days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for `user` and its key — the only time the key exists outside the client."""
    key = new_key()
    token = ApiToken(user=user, name=name, prefix=prefix_of(key), digest=digest_of(key),
                     expires_at=expiry_for(days, timezone.now()))
    token.full_clean(exclude=["user", "prefix", "digest"])
    token.save()
    return token, key


def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def revoke_token(token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def _refusal(token: ApiToken, now) -> str | None:
    """Why a real token may not be used now, or None."""
    if token.revoked_at is not None:
        return "Token revoked."
    if token.expires_at is not None and token.expires_at <= now:
        return "Token expired."
    if not token.user.is_active:
        return "User inactive or deleted."  # DRF's words
    return None


def _note_use(token: ApiToken, now) -> None:
    """Best effort: a database too busy to take this bookkeeping write (SQLite's one writer lock held
    by someone else) must not fail a request that reads, so the write is skipped and tried next time."""
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        try:  # requests run in autocommit: a failed UPDATE leaves no transaction behind
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        except OperationalError as error:
            logger.info("last_used_at of API token %s not written: %s", token.pk, error)


def authenticate(key: str) -> ApiToken:
    """The usable token of `key`, with its user; TokenRefused otherwise."""
    if not KEY_RE.fullmatch(key):
        raise TokenRefused("Invalid token.", unknown=True)
    try:  # get(): the digest is unique, and no ORDER BY to compile on every request
        token = ApiToken.objects.select_related("user").get(digest=digest_of(key))
    except ApiToken.DoesNotExist:
        raise TokenRefused("Invalid token.", unknown=True) from None
    now = timezone.now()
    problem = _refusal(token, now)
    if problem:
        raise TokenRefused(problem, unknown=False)
    _note_use(token, now)
    return token
