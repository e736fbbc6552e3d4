from urllib.parse import quote

from django.conf import settings
from rest_framework import serializers

from core.api.fields import EventRelatedField
from core.api.serializers import ModelSerializer
from core.multilingual import normalize_language
from delegations.models import Delegation, Staff, Vehicle
from events.domain import access
from events.models import Guest
from feeds.domain.feeds import calendar_name
from feeds.domain.tokens import secret_of
from feeds.models import FeedScope, FeedToken
from feeds.models.feed_token import SCOPE_FIELDS

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/r?cid="


def public_base_url(request) -> str:
    """FEEDS_PUBLIC_URL if set (e.g. https://liaison.example.org), else this request's host over
    https (plain http only for a DEBUG server reached over http)."""
    configured = getattr(settings, "FEEDS_PUBLIC_URL", "")
    if configured:
        return configured.rstrip("/")
    scheme = "http" if settings.DEBUG and not request.is_secure() else "https"
    return f"{scheme}://{request.get_host()}"


def feed_urls(request, feed: FeedToken) -> dict:
    url = f"{public_base_url(request)}/ical/{secret_of(feed)}.ics"
    webcal = "webcal://" + url.split("://", 1)[1]
    return {"url": url, "webcal_url": webcal, "google_calendar_url": GOOGLE_SUBSCRIBE + quote(webcal, safe="")}


class FeedTokenSerializer(ModelSerializer):
    """A calendar feed. The URLs carry the secret: they are shown only to organizers who may
    manage feeds (MANAGE_DELEGATIONS), and only while the feed is active."""

    scope = serializers.ChoiceField(choices=FeedScope.choices)
    delegation = EventRelatedField(queryset=Delegation.objects.all(), required=False, allow_null=True)
    guest = EventRelatedField(queryset=Guest.objects.all(), required=False, allow_null=True)
    staff = EventRelatedField(queryset=Staff.objects.all(), required=False, allow_null=True)
    vehicle = EventRelatedField(queryset=Vehicle.objects.all(), required=False, allow_null=True)
    language = serializers.CharField(
        required=False, max_length=16,
        help_text="Content language (en, zh-hans, ru, …); default: the guest's or delegation's, else the event's.",
    )
    calendar_name = serializers.SerializerMethodField()
    is_active = serializers.BooleanField(read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()
    webcal_url = serializers.SerializerMethodField()
    google_calendar_url = serializers.SerializerMethodField()

    class Meta:
        model = FeedToken
        fields = [
            "id", "scope", "delegation", "guest", "staff", "vehicle", "language", "label", "calendar_name",
            "is_active", "url", "webcal_url", "google_calendar_url", "created_by", "created_at", "rotated_at",
            "revoked_at",
        ]
        read_only_fields = ["created_at", "rotated_at", "revoked_at"]

    def _urls(self, feed) -> dict:
        cache = self.context.setdefault("_feed_urls", {})
        if feed.pk not in cache:
            request = self.context["request"]
            visible = feed.is_active and access.has_right(request.user, feed.event, access.MANAGE_DELEGATIONS)
            cache[feed.pk] = feed_urls(request, feed) if visible else {}
        return cache[feed.pk]

    def get_url(self, feed) -> str | None:
        return self._urls(feed).get("url")

    def get_webcal_url(self, feed) -> str | None:
        return self._urls(feed).get("webcal_url")

    def get_google_calendar_url(self, feed) -> str | None:
        return self._urls(feed).get("google_calendar_url")

    def get_calendar_name(self, feed) -> str:
        return calendar_name(feed.event, feed.scope, feed.target, feed.language)

    def validate_language(self, value):
        code = normalize_language(value.replace("\x00", ""))
        if not code:
            raise serializers.ValidationError(f"{value[:20]!r} is not a supported language; use en, zh-hans, ru, ….")
        return code

    def validate(self, attrs):
        if self.instance is not None:
            fixed = [name for name in ("scope", *filter(None, SCOPE_FIELDS.values())) if name in attrs]
            if fixed:
                raise serializers.ValidationError(
                    {name: "A feed's scope cannot change; create a new feed instead." for name in fixed}
                )
            return attrs
        scope = attrs["scope"]
        needed = SCOPE_FIELDS[scope]
        errors = {}
        for name in filter(None, SCOPE_FIELDS.values()):
            if name == needed and attrs.get(name) is None:
                errors[name] = f"Required for a {scope} feed."
            elif name != needed and attrs.get(name) is not None:
                errors[name] = f"Only for a {name} feed, not a {scope} feed."
        if errors:
            raise serializers.ValidationError(errors)
        if "language" not in attrs:
            target = attrs.get(needed) if needed else None
            own = getattr(target, "language", "") if scope in (FeedScope.GUEST, FeedScope.DELEGATION) else ""
            attrs["language"] = normalize_language(own) or self.context["event"].default_language
        return attrs
