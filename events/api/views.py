
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.domain import Actor
from core.api.concurrency import ConditionalRequestMixin
from core.api.exceptions import Conflict
from core.api.filtering import FilterBackend
from core.api.pagination import IdsFirstPagination
from core.api.parsers import JSONParser
from core.downloads import stored_file_response
from events.api.scope import EventScopedMixin
from events.domain import access, deletion, event_setup, guests
from events.domain.guest_status import TRANSITIONS, IllegalTransition, allowed_actions, apply_transition
from events.domain.photos import may_see_photo
from events.models import EventMembership, Guest, ProgrammeSession, Venue

from .filters import GuestFilter, NameSearchFilter
from .serializers import (
    EventSerializer,
    GuestListSerializer,
    GuestSerializer,
    MemberSerializer,
    ProgrammeSessionSerializer,
    TransitionResultSerializer,
    VenueSerializer,
    guest_list_rows,
)


class CanCreateEvents(permissions.BasePermission):
    message = "Only administrators and users with the 'add event' permission may create events."

    def has_permission(self, request, view):
        return view.action != "create" or request.user.has_perm("events.add_event")


class EventViewSet(ConditionalRequestMixin, viewsets.ModelViewSet):
    """Events the user is a member of (all events for superusers). Non-members get 404."""

    serializer_class = EventSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    permission_classes = [permissions.IsAuthenticated, CanCreateEvents]
    filterset_fields = ["status"]
    ordering_fields = ["start_date", "slug"]

    def get_queryset(self):
        return access.events_visible_to(self.request.user).order_by("-start_date", "slug")

    def check_object_permissions(self, request, event):
        super().check_object_permissions(request, event)
        needed = {"update": access.CHANGE_EVENT, "partial_update": access.CHANGE_EVENT,
                  "destroy": deletion.EVENT_DELETION_RIGHT}.get(self.action)
        if needed and not access.has_right(request.user, event, needed):
            raise PermissionDenied(f"Your role in this event does not include the right '{needed}'.")

    def perform_create(self, serializer):
        serializer.instance = event_setup.create_event(serializer.validated_data, by=Actor.for_request(self.request))

    def perform_update(self, serializer):
        event_setup.update_event(serializer.instance, serializer.validated_data, by=Actor.for_request(self.request))

    @extend_schema(parameters=[OpenApiParameter(
        "confirm", str, description="The event's slug: required to delete an event that has guests (409 without).")])
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, event):
        try:
            deletion.delete_event(event, confirm=self.request.query_params.get("confirm"), by=Actor.for_request(self.request))
        except deletion.ConfirmationRequired as exc:
            raise Conflict(str(exc), code=exc.code) from exc
        except deletion.WrongConfirmation as exc:
            raise ValidationError({"confirm": [str(exc)]}) from exc


class VenueViewSet(EventScopedMixin, viewsets.ModelViewSet):
    serializer_class = VenueSerializer
    queryset = Venue.objects.none()

    def get_queryset(self):
        if self.is_schema_generation:
            return Venue.objects.none()
        return Venue.objects.filter(event=self.event).order_by("id")

    def perform_create(self, serializer):
        serializer.save(event=self.event)


class ProgrammeSessionViewSet(EventScopedMixin, viewsets.ModelViewSet):
    serializer_class = ProgrammeSessionSerializer
    queryset = ProgrammeSession.objects.none()
    filterset_fields = ["kind", "venue", "is_cancelled"]
    ordering_fields = ["start", "end"]

    def get_queryset(self):
        if self.is_schema_generation:
            return ProgrammeSession.objects.none()
        return ProgrammeSession.objects.filter(event=self.event).order_by("start", "id")

    def perform_create(self, serializer):
        serializer.save(event=self.event)


class GuestViewSet(EventScopedMixin, viewsets.ModelViewSet):
    """Guests of the event. Status changes only through the action endpoints."""

    serializer_class = GuestSerializer
    queryset = Guest.objects.none()
    read_right = access.VIEW_GUESTS
    write_right = access.CHANGE_GUESTS
    action_rights = {name: access.DECIDE_GUESTS for name in TRANSITIONS if name != "register"} | {
        "register": access.CHANGE_GUESTS
    }
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filter_backends = [FilterBackend, NameSearchFilter, OrderingFilter]
    filterset_class = GuestFilter
    ordering_fields = ["family_name", "given_name", "country", "category", "status", "created_at", "updated_at"]
    ordering = ["family_name", "given_name", "id"]
    pagination_class = IdsFirstPagination

    def get_serializer_class(self):
        return GuestListSerializer if self.action == "list" else GuestSerializer

    def get_queryset(self):
        if self.is_schema_generation:
            return Guest.objects.none()
        guests_of_event = Guest.objects.filter(event=self.event)
        if self.action == "list":  # filtered and ordered, then paged: the page's rows are page_rows'
            return guests_of_event
        return guests_of_event.select_related("event", "delegation")

    def page_rows(self, rows):
        """The rows of a page of the list (IdsFirstPagination), as dicts for guest_list_rows."""
        return rows.values(*GuestListSerializer.LIST_COLUMNS)

    def list(self, request, *args, **kwargs):
        """A page of GuestListSerializer rows (its schema), written by guest_list_rows: one statement
        for the page and its count (IdsFirstPagination). No passport data: nothing to record."""
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(guest_list_rows(rows, absolute_url=request.build_absolute_uri))

    # Recorded inside the handler, not in finalize_response: a database too busy to take the entry
    # must answer 503 through the API's error handler, and unrecorded passport data is not shown.
    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        guests.record_passport_view(Actor.for_request(request), self._object, path=request.path)
        return response

    def perform_create(self, serializer):
        serializer.instance = guests.create_guest(self.event, serializer.validated_data, by=Actor.for_request(self.request))

    def perform_update(self, serializer):
        guests.update_guest(serializer.instance, serializer.validated_data, by=Actor.for_request(self.request))

    def perform_destroy(self, guest):
        try:
            deletion.delete_guests([guest], by=Actor.for_request(self.request))
        except deletion.DeletionRefused as exc:
            raise Conflict(str(exc), code=exc.code) from exc

    def _transition(self, request, slug, pk, action_name):
        guest = self.get_object()
        try:
            apply_transition(guest, action_name, by=Actor.for_request(request))
        except IllegalTransition as exc:
            raise Conflict(str(exc), code="illegal_transition") from exc
        body = {"id": guest.pk, "status": guest.status, "allowed_actions": allowed_actions(guest.status)}
        return Response(TransitionResultSerializer(body).data, status=status.HTTP_200_OK)

    @extend_schema(request=None, responses={200: TransitionResultSerializer})
    @action(detail=True, methods=["post"])
    def register(self, request, event_slug=None, pk=None):
        return self._transition(request, event_slug, pk, "register")

    @extend_schema(request=None, responses={200: TransitionResultSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, event_slug=None, pk=None):
        return self._transition(request, event_slug, pk, "approve")

    @extend_schema(request=None, responses={200: TransitionResultSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, event_slug=None, pk=None):
        return self._transition(request, event_slug, pk, "reject")

    @extend_schema(request=None, responses={200: TransitionResultSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, event_slug=None, pk=None):
        return self._transition(request, event_slug, pk, "cancel")


class MemberViewSet(EventScopedMixin, viewsets.ModelViewSet):
    """Organizers of the event and their roles. Only owners (and superusers) change them."""

    serializer_class = MemberSerializer
    queryset = EventMembership.objects.none()
    write_right = access.MANAGE_MEMBERS

    def get_queryset(self):
        if self.is_schema_generation:
            return EventMembership.objects.none()
        return EventMembership.objects.filter(event=self.event).select_related("user").order_by("id")

    def perform_create(self, serializer):
        serializer.instance = event_setup.add_member(self.event, serializer.validated_data, by=Actor.for_request(self.request))

    def perform_update(self, serializer):
        try:
            event_setup.change_member(serializer.instance, serializer.validated_data, by=Actor.for_request(self.request))
        except event_setup.LastOwner as exc:
            raise Conflict(str(exc), code=exc.code) from exc

    def perform_destroy(self, membership):
        try:
            event_setup.remove_member(membership, by=Actor.for_request(self.request))
        except event_setup.LastOwner as exc:
            raise Conflict(str(exc), code=exc.code) from exc


class GuestPhotoView(APIView):
    """A guest's photo (the URL of `guest.photo`), for users who may see the guests of its event or
    scan their badges; anyone else gets the 404 of a photo that does not exist."""

    permission_classes = []

    @extend_schema(responses={(200, "image/*"): OpenApiTypes.BINARY})
    def get(self, request, name):
        guest = Guest.objects.filter(photo=name).select_related("event").first()
        if guest is None or not may_see_photo(request.user, guest.event):
            raise Http404
        response = stored_file_response(guest.photo.storage, guest.photo.name)
        # Each upload gets a new name, so a cached copy never goes stale; it stays in the user's browser.
        response["Cache-Control"] = "private, max-age=86400"
        return response
