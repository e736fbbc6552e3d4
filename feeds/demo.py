"""Demo feeds: the programme of every demo event in Chinese, English and Russian, and an
itinerary feed for every delegation that has itinerary items. Idempotent: a feed that already
exists for the same scope and language is kept (and keeps its URL)."""
from django.db import transaction

from delegations.models import Delegation
from events.models import Event
from feeds.domain.tokens import create_feed
from feeds.models import FeedScope, FeedToken

DEMO_EVENT_SLUGS = (
    "china-central-asia-forum-2023",
    "global-south-think-tank-dialogue-2023",
    "china-japan-rok-outlook-dialogue-2023",
    "sister-cities-anniversary-2023",
)


def _ensure(event, scope, language, target=None):
    existing = FeedToken.objects.filter(event=event, scope=scope, language=language, revoked_at__isnull=True)
    if target is not None:
        existing = existing.filter(**{scope: target})
    if not existing.exists():
        create_feed(event=event, scope=scope, language=language, target=target, label="demo")


@transaction.atomic
def seed():
    for event in Event.objects.filter(slug__in=DEMO_EVENT_SLUGS):
        for language in ("zh-hans", "en", "ru"):
            _ensure(event, FeedScope.PROGRAMME, language)
        for delegation in Delegation.objects.filter(event=event, itinerary_items__isnull=False).distinct():
            _ensure(event, FeedScope.DELEGATION, delegation.language or event.default_language, delegation)
