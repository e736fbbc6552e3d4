"""Where serialized VEVENTs are kept between requests.

The cache alias "feeds" when settings.CACHES defines one (Redis shares it between processes);
otherwise a process-local memory cache big enough for a large event (Django's default
LocMemCache keeps only 300 entries, fewer than one feed's). Keys are hashes of the content, so
entries never go stale; old ones simply age out."""
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

CACHE_ALIAS = "feeds"
LOCAL_MAX_ENTRIES = 50_000  # about 40 MB of VEVENT text at most


@lru_cache(maxsize=1)
def _local_cache():
    return LocMemCache("liaison-feeds", {"TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": LOCAL_MAX_ENTRIES}})


def entry_cache():
    if CACHE_ALIAS in settings.CACHES:
        return caches[CACHE_ALIAS]
    return _local_cache()
