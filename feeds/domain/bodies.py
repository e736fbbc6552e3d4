"""Rendered feed bodies, kept in Django's cache "feeds" (Redis shared by every web process in
production) under the fingerprint of the data they were built from (feeds.domain.freshness).

A fingerprint covers the feed token, so a key never serves another feed; a body stored under a
fingerprint was built after that fingerprint was read, so it is never older than the data the
fingerprint stands for. Each body is stored twice, plain and gzip-compressed (calendar clients
— Google, Outlook, Apple — send Accept-Encoding: gzip), with the ETag of the plain bytes."""
import gzip as gzip_module
import re

from .builder import entry_cache

BODY_TIMEOUT = 24 * 3600  # an unchanged feed is rebuilt (from cached VEVENTs) at most once a day
GZIP_LEVEL = 6
_GZIP = re.compile(r"\bgzip\b")


def accepts_gzip(request) -> bool:
    """As Django's GZipMiddleware decides it."""
    return bool(_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _key(fingerprint: str, gzip: bool) -> str:
    return f"feeds:body:{fingerprint}:{'gzip' if gzip else 'plain'}"


def stored_body(fingerprint: str, *, gzip: bool):
    """(ETag, bytes) stored under this fingerprint, or None."""
    return entry_cache().get(_key(fingerprint, gzip))


def store_bodies(fingerprint: str, etag: str, body: bytes, *, gzip: bool):
    """Store both encodings of a freshly built body; returns (ETag, bytes) in the one asked for."""
    compressed = gzip_module.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
    entry_cache().set_many(
        {_key(fingerprint, False): (etag, body), _key(fingerprint, True): (etag, compressed)}, timeout=BODY_TIMEOUT
    )
    return etag, compressed if gzip else body


def forget_bodies(fingerprint: str) -> None:
    """Drop the bodies of a fingerprint this feed has moved past."""
    entry_cache().delete_many([_key(fingerprint, False), _key(fingerprint, True)])
