"""GET/HEAD /ical/{token}.ics — the subscription feed. No login: the token is the secret.

One query reads the token with its event, target and the event's calendar version; from them
the feed's fingerprint (feeds.domain.freshness, with the renderer's version). The token row remembers the fingerprint of the
data its last body came from, that body's ETag (a hash of its bytes: a strong validator) and
when the bytes last changed (Last-Modified), so a conditional request is answered without
building anything. The body itself, plain and gzip-compressed, is kept in the "feeds" cache
under the fingerprint (feeds.domain.bodies), so an unchanged feed fetched without validators is
served from there by any web process."""
import hashlib

from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import require_http_methods

from .domain.bodies import accepts_gzip, forget_bodies, store_bodies, stored_body
from .domain.feeds import feed_is_servable
from .domain.freshness import feed_fingerprint
from .domain.tokens import find_active_feed
from .interfaces.calendars import render_feed
from .interfaces.ical import RENDERER_VERSION
from .models import FeedToken

CONTENT_TYPE = "text/calendar; charset=utf-8"
CACHE_CONTROL = "private, no-cache"
FEED_SUFFIX = ".ics"


def not_found():
    """The one answer for every token that does not lead to a feed: malformed, unknown, revoked."""
    response = JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    response["Cache-Control"] = "private, no-store"
    return response


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def _validators(response, etag, changed_at):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at.timestamp())
    response["Cache-Control"] = CACHE_CONTROL
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _conditional(request, feed: FeedToken):
    """A 304 if the request's validators match what this feed last served, else None."""
    if not feed.body_etag or feed.body_changed_at is None:
        return None
    response = get_conditional_response(
        request, etag=feed.body_etag, last_modified=int(feed.body_changed_at.timestamp())
    )
    if response is not None and response.status_code == 304:
        return _validators(response, feed.body_etag, feed.body_changed_at)
    return None


def _remember(feed: FeedToken, fingerprint: str, etag: str) -> None:
    if fingerprint != feed.body_fingerprint and feed.body_fingerprint:
        forget_bodies(feed.body_fingerprint)
    if etag != feed.body_etag or feed.body_changed_at is None:
        # Whole seconds: Last-Modified has no finer resolution, and If-Modified-Since compares to it.
        feed.body_changed_at = timezone.now().replace(microsecond=0)
        feed.body_etag = etag
        feed.body_fingerprint = fingerprint
        FeedToken.objects.filter(pk=feed.pk).update(
            body_etag=etag, body_fingerprint=fingerprint, body_changed_at=feed.body_changed_at
        )
    elif fingerprint != feed.body_fingerprint:
        feed.body_fingerprint = fingerprint
        FeedToken.objects.filter(pk=feed.pk).update(body_fingerprint=fingerprint)


def _body(subscription: FeedToken, fingerprint: str, gzip: bool):
    """(ETag, bytes) of the feed as of `fingerprint`: stored, or built and stored."""
    stored = stored_body(fingerprint, gzip=gzip)
    if stored is not None:
        return stored
    body = render_feed(subscription)
    etag = etag_of(body)
    return store_bodies(fingerprint, etag, body, gzip=gzip)


@require_http_methods(["GET", "HEAD"])
def feed(request, path: str):
    if not path.endswith(FEED_SUFFIX):
        return not_found()
    subscription = find_active_feed(path[: -len(FEED_SUFFIX)])
    if subscription is None or not feed_is_servable(subscription):
        return not_found()

    fingerprint = feed_fingerprint(subscription, RENDERER_VERSION)
    if fingerprint == subscription.body_fingerprint:
        not_modified = _conditional(request, subscription)
        if not_modified is not None:
            return not_modified

    gzip = accepts_gzip(request)
    etag, body = _body(subscription, fingerprint, gzip)
    _remember(subscription, fingerprint, etag)
    not_modified = _conditional(request, subscription)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    _validators(response, subscription.body_etag, subscription.body_changed_at)
    if gzip:
        # The same content, compressed: the ETag of the plain bytes as a weak validator, as
        # Django's GZipMiddleware does (If-None-Match compares weakly, so either form matches).
        response["Content-Encoding"] = "gzip"
        response["ETag"] = "W/" + subscription.body_etag
    return response
