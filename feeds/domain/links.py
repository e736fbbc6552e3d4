"""A guest's calendar link for messages (the {{feed_link}} placeholder): the newest active
feed of the guest, else of their delegation; empty when there is none (mail never creates feeds)."""
from django.conf import settings

from feeds.models import FeedToken

from .tokens import secret_of


def guest_feed_link(guest) -> str:
    feeds = FeedToken.objects.filter(event_id=guest.event_id, revoked_at__isnull=True).order_by("-id")
    feed = feeds.filter(scope="guest", guest=guest).first()
    if feed is None and guest.delegation_id:
        feed = feeds.filter(scope="delegation", delegation_id=guest.delegation_id).first()
    if feed is None:
        return ""
    base = getattr(settings, "FEEDS_PUBLIC_URL", "") or "http://127.0.0.1:8000"
    return f"{base.rstrip('/')}/ical/{secret_of(feed)}.ics"
