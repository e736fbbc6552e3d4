"""Throttling of failed sign-ins: the admin's and the desk's login forms, and API tokens.

Decision: one small mechanism on Django's cache for all three, not django-axes. Axes hooks
authenticate(), which token authentication never calls, so tokens would need a second mechanism
anyway; and axes has one failure limit for every parameter,
where a username and an address need different ones (a whole office or gate may share one address).

Failures are counted per username (login forms) and per client address (all three), each for
THROTTLE_WINDOW_SECONDS from its first failure. When a count reaches its limit, a lock is set for
the same time: every attempt on that username, or from that address, is then refused with 429 and
Retry-After — with the right password or key too, else the answer would still tell whether a
guess was right. Only unknown keys count against tokens: a real key that expired or was revoked is
no guess, and a forgotten scanner retrying it must not lock out its whole gate.

The counters live in the "throttle" cache: Redis when CACHE_URL is set, shared by every process;
without it each process counts on its own. A cache that cannot be reached fails open (logged):
the throttle guards against guessing, it must not stop the gates."""
import hashlib
import logging
import math
import time

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)
CACHE_ALIAS = "throttle"
LOCK = "lock:"


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For as set by the NUM_PROXIES proxies in front."""
    return BaseThrottle().get_ident(request) or ""


def _key(kind: str, value: str) -> str:
    # Hashed: no usernames in the cache, and no characters a cache key may not hold.
    return f"{kind}:{hashlib.sha256(value.encode('utf-8', 'surrogatepass')).hexdigest()[:40]}"


def _login_counters(request, username) -> list[tuple[str, int]]:
    counters = []
    if username:
        counters.append((_key("login-user", str(username).casefold()), settings.THROTTLE_LOGIN_FAILURES_PER_USER))
    if request is not None:
        counters.append((_key("login-address", client_address(request)),
                         settings.THROTTLE_LOGIN_FAILURES_PER_ADDRESS))
    return counters


def _token_counters(request) -> list[tuple[str, int]]:
    return [(_key("token-address", client_address(request)), settings.THROTTLE_TOKEN_FAILURES_PER_ADDRESS)]


def _wait(counters) -> int | None:
    """Seconds until every lock on these counters has passed, or None when none is locked."""
    keys = [LOCK + key for key, limit in counters if limit]
    if not keys:
        return None
    try:
        locked_until = caches[CACHE_ALIAS].get_many(keys).values()
    except Exception:  # noqa: BLE001 - fail open, see the module's docstring
        logger.warning("throttle cache unavailable; not checking locks", exc_info=True)
        return None
    wait = math.ceil(max(locked_until, default=0) - time.time())
    return wait if wait > 0 else None


def _count(counters) -> None:
    window = settings.THROTTLE_WINDOW_SECONDS
    cache = caches[CACHE_ALIAS]
    try:
        for key, limit in counters:
            if not limit:
                continue
            cache.add(key, 0, window)
            try:
                failures = cache.incr(key)
            except ValueError:  # expired between add and incr
                failures = 1
                cache.set(key, failures, window)
            if failures >= limit:
                cache.set(LOCK + key, time.time() + window, window)
                if failures == limit:
                    logger.warning("throttle: a %s locked out for %d s after %d failures",
                                   key.split(":")[0], window, limit)
    except Exception:  # noqa: BLE001 - fail open, see the module's docstring
        logger.warning("throttle cache unavailable; failure not counted", exc_info=True)


def login_wait(request, username) -> int | None:
    """Seconds a login attempt for `username` from this request's address must wait, or None."""
    return _wait(_login_counters(request, username))


def count_failed_login(sender, credentials, request=None, **kwargs) -> None:
    """Receiver of django.contrib.auth's user_login_failed: any failed authenticate() call."""
    _count(_login_counters(request, credentials.get("username")))


def token_wait(request) -> int | None:
    """Seconds a token-authenticated request from this address must wait, or None."""
    return _wait(_token_counters(request))


def count_bad_token(request) -> None:
    _count(_token_counters(request))

