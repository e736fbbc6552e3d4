from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.domain import Actor
from core.api.exceptions import Conflict
from core.multilingual import localized, normalize_language
from delegations.domain.itineraries import ITEM_RELATED
from delegations.models import Delegation, ItineraryItem
from events.api.scope import EventScopedMixin
from events.domain import access
from events.models import Guest, ProgrammeSession
from feeds.domain.tokens import create_feed, revoke_feed, rotate_feed
from feeds.interfaces.calendars import (
    DOWNLOAD_CONTENT_TYPE,
    delegation_itinerary_ics,
    guest_itinerary_ics,
    item_ics,
    programme_ics,
)
from feeds.models import FeedToken

from .serializers import FeedTokenSerializer


class FeedTokenFilter(filters.FilterSet):
    scope = filters.CharFilter()
    language = filters.CharFilter()
    guest = filters.NumberFilter(field_name="guest_id")
    delegation = filters.NumberFilter(field_name="delegation_id")
    staff = filters.NumberFilter(field_name="staff_id")
    vehicle = filters.NumberFilter(field_name="vehicle_id")
    active = filters.BooleanFilter(field_name="revoked_at", lookup_expr="isnull", label="active")

    class Meta:
        model = FeedToken
        fields = ["scope", "language", "guest", "delegation", "staff", "vehicle", "active"]


class FeedTokenViewSet(
    EventScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Calendar subscription feeds of the event. DELETE revokes (the URL answers 404 from then
    on, the record stays for the audit trail); rotate replaces the secret."""

    serializer_class = FeedTokenSerializer
    queryset = FeedToken.objects.none()
    read_right = access.VIEW_GUESTS
    write_right = access.MANAGE_DELEGATIONS
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filterset_class = FeedTokenFilter
    ordering_fields = ["id", "created_at", "scope"]
    lookup_value_regex = r"[0-9]+"
    etag_exclude = ("body_fingerprint", "body_etag", "body_changed_at")  # what the feed last served

    def get_queryset(self):
        if self.is_schema_generation:
            return FeedToken.objects.none()
        return (
            FeedToken.objects.filter(event=self.event)
            .select_related("event", "delegation", "guest", "staff", "vehicle", "created_by")
            .order_by("id")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        scope = data["scope"]
        serializer.instance = create_feed(
            event=self.event, scope=scope, language=data["language"], target=data.get(scope),
            label=data.get("label", ""), by=Actor.for_request(self.request),
        )

    def perform_destroy(self, feed):
        revoke_feed(feed, by=Actor.for_request(self.request))

    @extend_schema(request=None, responses={200: FeedTokenSerializer})
    @action(detail=True, methods=["post"])
    def rotate(self, request, event_slug=None, pk=None):
        feed = self.get_object()
        if not feed.is_active:
            raise Conflict("A revoked feed cannot be rotated; create a new one.", code="feed_revoked")
        rotate_feed(feed, by=Actor.for_request(request))
        return Response(self.get_serializer(feed).data)

    @extend_schema(request=None, responses={200: FeedTokenSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request, event_slug=None, pk=None):
        feed = revoke_feed(self.get_object(), by=Actor.for_request(request))
        return Response(self.get_serializer(feed).data, status=status.HTTP_200_OK)


class IgnoreAcceptHeader(BaseContentNegotiation):
    """Downloads answer text/calendar whatever the client accepts; errors are JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def calendar_attachment(body: bytes, filename_words: list[str], fallback: str) -> HttpResponse:
    name = slugify(" ".join(word for word in filename_words if word))[:60].strip("-") or fallback
    response = HttpResponse(body, content_type=DOWNLOAD_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.ics")
    response["Cache-Control"] = "private, no-store"
    return response


LANGUAGE_PARAMETER = OpenApiParameter(
    "language", OpenApiTypes.STR, description="Content language (en, zh-hans, ru, …); others fall back."
)


class CalendarDownloadView(EventScopedMixin, APIView):
    content_negotiation_class = IgnoreAcceptHeader
    read_right = access.VIEW_GUESTS

    def language(self, default=""):
        return normalize_language(self.request.query_params.get("language", "")[:32]) or default


class ItemDownloadView(CalendarDownloadView):
    """One itinerary item, or one programme session, by its calendar UID."""

    @extend_schema(parameters=[LANGUAGE_PARAMETER], responses={(200, "text/calendar"): OpenApiTypes.BINARY})
    def get(self, request, event_slug, uid):
        item = (
            ItineraryItem.objects.filter(event=self.event, uid=uid).select_related("event", *ITEM_RELATED).first()
            or get_object_or_404(ProgrammeSession.objects.select_related("event", "venue"), event=self.event, uid=uid)
        )
        language = self.language(self.event.default_language)
        title = localized(item.title, "en", self.event.default_language)
        return calendar_attachment(item_ics(item, language), [title, str(uid)[:8]], f"item-{str(uid)[:8]}")


class GuestDownloadView(CalendarDownloadView):
    """A guest's whole itinerary (default language: the guest's own)."""

    @extend_schema(parameters=[LANGUAGE_PARAMETER], responses={(200, "text/calendar"): OpenApiTypes.BINARY})
    def get(self, request, event_slug, pk):
        guest = get_object_or_404(Guest.objects.select_related("event"), event=self.event, pk=pk)
        body = guest_itinerary_ics(guest, self.language())
        return calendar_attachment(body, ["itinerary", guest.family_name, guest.given_name, str(guest.pk)], f"itinerary-{guest.pk}")


class DelegationDownloadView(CalendarDownloadView):
    """A delegation's whole itinerary (default language: the delegation's working language)."""

    @extend_schema(parameters=[LANGUAGE_PARAMETER], responses={(200, "text/calendar"): OpenApiTypes.BINARY})
    def get(self, request, event_slug, pk):
        delegation = get_object_or_404(Delegation.objects.select_related("event"), event=self.event, pk=pk)
        body = delegation_itinerary_ics(delegation, self.language())
        return calendar_attachment(body, ["itinerary", delegation.name, str(delegation.pk)], f"delegation-{delegation.pk}")


class ProgrammeDownloadView(CalendarDownloadView):
    read_right = access.VIEW_EVENT

    @extend_schema(parameters=[LANGUAGE_PARAMETER], responses={(200, "text/calendar"): OpenApiTypes.BINARY})
    def get(self, request, event_slug):
        body = programme_ics(self.event, self.language(self.event.default_language))
        return calendar_attachment(body, [self.event.slug, "programme"], "programme")
