from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from events.api.scope import EventScopedMixin
from core.multilingual import normalize_language
from events.domain import access
from events.models import Guest

from ..domain import conflicts as conflict_checks
from ..domain import itineraries, membership
from ..domain.errors import DelegationRuleError
from ..domain.items import ItemInvalid, delete_item, save_item
from ..domain.precedence import precedence_order
from ..models import Delegation, Hotel, HotelStay, ItineraryItem, Staff, Vehicle
from .serializers import (
    AddMemberSerializer,
    CancelledItineraryItemSerializer,
    DelegationMemberSerializer,
    DelegationSerializer,
    HotelSerializer,
    HotelStaySerializer,
    ItineraryItemSerializer,
    MemberUpdateSerializer,
    SavedItineraryItemSerializer,
    SetHeadSerializer,
    StaffSerializer,
    VehicleSerializer,
    entry_data,
)


class RuleViolation(exceptions.APIException):
    """A DelegationRuleError as an API error: names the field, the problem and a code."""

    def __init__(self, error: DelegationRuleError):
        self.status_code = error.status
        super().__init__(detail={error.field: [error.message], "detail": error.message}, code=error.code)
        self.detail["code"] = error.code


def raise_rule_error(error: DelegationRuleError):
    if isinstance(error, ItemInvalid):
        raise exceptions.ValidationError({field: [message] for field, message in error.errors.items()}) from error
    raise RuleViolation(error) from error


class PassthroughPDFRenderer(renderers.BaseRenderer):
    """Lets clients send `Accept: application/pdf`; errors still come back as JSON text."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return renderers.JSONRenderer().render(data)


def itinerary_response(request, event, entries, **extra):
    language = normalize_language(request.query_params.get("lang")) or event.default_language
    return Response({
        **extra,
        "event_timezone": event.timezone,
        "count": len(entries),
        "entries": [entry_data(entry, event.tzinfo, language) for entry in entries],
    })


def conflicts_response(clashes):
    return Response({"count": len(clashes), "conflicts": [clash.as_dict() for clash in clashes]})


LANG_PARAMETER = OpenApiParameter("lang", str, description="Language of display_title (default: the event's).")


class DelegationScoped(EventScopedMixin):
    read_right = access.VIEW_GUESTS
    write_right = access.MANAGE_DELEGATIONS


class DelegationViewSet(DelegationScoped, viewsets.ModelViewSet):
    """Delegations of the event, in protocol (precedence) order unless `?ordering=` is given."""

    serializer_class = DelegationSerializer
    queryset = Delegation.objects.none()
    filterset_fields = ["kind", "country"]
    ordering_fields = ["name", "country"]

    def get_queryset(self):
        if self.is_schema_generation:
            return Delegation.objects.none()
        return (
            Delegation.objects.filter(event=self.event)
            .annotate(member_count=Count("members"))
            .select_related("head", "liaison_officer", "interpreter")
            .prefetch_related(Prefetch("sessions", queryset=Delegation.sessions.rel.model.objects.only("id")))
            .order_by("name", "id")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.is_schema_generation and "event_slug" in self.kwargs:
            # Looked up when a delegation is shown: after a create or update has saved it.
            context["precedence"] = self._precedence_map
        return context

    def _precedence_map(self):
        if not hasattr(self, "_precedence"):
            order = precedence_order(self.event, Delegation.objects.filter(event=self.event).only(
                "id", "name", "country", "precedence_override"))
            self._precedence = {e.delegation.pk: (e.position, e.country_name) for e in order.entries}
        return self._precedence

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        if not request.query_params.get("ordering"):
            positions = self._precedence_map()
            queryset = sorted(queryset, key=lambda d: (positions.get(d.pk, (10**9,))[0], d.pk))
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page if page is not None else queryset, many=True)
        return self.get_paginated_response(serializer.data) if page is not None else Response(serializer.data)

    def perform_create(self, serializer):
        serializer.save(event=self.event)

    @transaction.atomic
    def perform_update(self, serializer):
        head = serializer.validated_data.pop("head", "unchanged")
        delegation = serializer.save()
        if head not in ("unchanged", None):
            try:
                membership.set_head(delegation, head)
            except DelegationRuleError as error:
                raise_rule_error(error)

    def perform_destroy(self, delegation):
        items = ItineraryItem.objects.filter(delegation=delegation).count()
        if items:
            raise RuleViolation(DelegationRuleError(
                f"The delegation has {items} itinerary item(s); delete, cancel or reassign them first "
                "(confirmed items are kept as cancelled).",
                code="has_itinerary", status=409,
            ))
        delegation.delete()

    def _delegation(self):
        delegation = self.get_object()  # for a write: locked, and checked against If-Match
        delegation.event = self.event
        return delegation

    @extend_schema(methods=["GET"], responses={200: DelegationMemberSerializer(many=True)})
    @extend_schema(methods=["POST"], request=AddMemberSerializer, responses={201: DelegationMemberSerializer})
    # Every member in one answer, as the booklet and the desk need them (a delegation is a few dozen
    # people): no pages, no filters; the schema says so.
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def members(self, request, event_slug=None, pk=None):
        """The members (GET), or add a guest of the event (POST {guest, role, is_head})."""
        delegation = self._delegation()
        if request.method == "POST":
            serializer = AddMemberSerializer(data=request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            try:
                guest = membership.add_member(
                    delegation, data["guest"], role=data.get("role"), make_head=data.get("is_head", False)
                )
            except DelegationRuleError as error:
                raise_rule_error(error)
            return Response(DelegationMemberSerializer(guest, context={"head_id": delegation.head_id}).data, status=status.HTTP_201_CREATED)
        members = Guest.objects.filter(delegation=delegation).order_by("family_name", "given_name", "id")
        head_id = membership.current_head(delegation, [g.pk for g in members])
        return Response(DelegationMemberSerializer(members, many=True, context={"head_id": head_id}).data)

    @extend_schema(request=MemberUpdateSerializer, responses={200: DelegationMemberSerializer, 204: None})
    @action(detail=True, methods=["patch", "delete"], url_path=r"members/(?P<guest_id>[0-9]{1,18})")
    def member(self, request, event_slug=None, pk=None, guest_id=None):
        """Change a member's role or make them head (PATCH), or remove them (DELETE)."""
        delegation = self._delegation()
        guest = get_object_or_404(Guest, event=self.event, delegation=delegation, pk=guest_id)
        try:
            if request.method == "DELETE":
                membership.remove_member(delegation, guest)
                return Response(status=status.HTTP_204_NO_CONTENT)
            serializer = MemberUpdateSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            guest = membership.update_member(
                delegation, guest, role=serializer.validated_data.get("role"),
                make_head=serializer.validated_data.get("is_head"),
            )
        except DelegationRuleError as error:
            raise_rule_error(error)
        return Response(DelegationMemberSerializer(guest, context={"head_id": delegation.head_id}).data)

    @extend_schema(request=SetHeadSerializer, responses={200: DelegationMemberSerializer})
    @action(detail=True, methods=["post"], url_path="set-head")
    def set_head(self, request, event_slug=None, pk=None):
        """Make a member the head of delegation, replacing the previous head."""
        delegation = self._delegation()
        serializer = SetHeadSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            membership.set_head(delegation, serializer.validated_data["guest"])
        except DelegationRuleError as error:
            raise_rule_error(error)
        return Response(DelegationMemberSerializer(serializer.validated_data["guest"], context={"head_id": delegation.head_id}).data)

    @extend_schema(parameters=[LANG_PARAMETER], responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def itinerary(self, request, event_slug=None, pk=None):
        """The delegation's merged itinerary: its items, its members' items and the sessions it attends."""
        delegation = self._delegation()
        return itinerary_response(request, self.event, itineraries.delegation_itinerary(delegation), delegation=delegation.pk)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def conflicts(self, request, event_slug=None, pk=None):
        return conflicts_response(conflict_checks.conflicts_for_delegation(self._delegation()))

    pdf_renderer_classes = [renderers.JSONRenderer, PassthroughPDFRenderer]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def itinerary_pdf(self, request, event_slug=None, pk=None):
        """The delegation's itinerary booklet (PDF): Chinese and English or Russian, day by day."""
        from ..interfaces.booklet import booklet_filename, render_booklet

        delegation = self._delegation()
        pdf = render_booklet(delegation)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{booklet_filename(delegation)}"'
        return response


class StaffViewSet(DelegationScoped, viewsets.ModelViewSet):
    serializer_class = StaffSerializer
    queryset = Staff.objects.none()
    filterset_fields = ["role"]

    def get_queryset(self):
        if self.is_schema_generation:
            return Staff.objects.none()
        return Staff.objects.filter(event=self.event).select_related("user").order_by("role", "full_name", "id")

    def perform_create(self, serializer):
        serializer.save(event=self.event)

    @extend_schema(parameters=[LANG_PARAMETER], responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def itinerary(self, request, event_slug=None, pk=None):
        staff = self.get_object()
        staff.event = self.event
        return itinerary_response(request, self.event, itineraries.staff_itinerary(staff), staff=staff.pk)


class VehicleViewSet(DelegationScoped, viewsets.ModelViewSet):
    serializer_class = VehicleSerializer
    queryset = Vehicle.objects.none()

    def get_queryset(self):
        if self.is_schema_generation:
            return Vehicle.objects.none()
        return Vehicle.objects.filter(event=self.event).order_by("plate")

    def perform_create(self, serializer):
        serializer.save(event=self.event)

    @extend_schema(parameters=[LANG_PARAMETER], responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def itinerary(self, request, event_slug=None, pk=None):
        vehicle = self.get_object()
        vehicle.event = self.event
        return itinerary_response(request, self.event, itineraries.vehicle_itinerary(vehicle), vehicle=vehicle.pk)


class HotelViewSet(DelegationScoped, viewsets.ModelViewSet):
    serializer_class = HotelSerializer
    queryset = Hotel.objects.none()

    def get_queryset(self):
        if self.is_schema_generation:
            return Hotel.objects.none()
        return Hotel.objects.filter(event=self.event).order_by("id")

    def perform_create(self, serializer):
        serializer.save(event=self.event)


class HotelStayViewSet(DelegationScoped, viewsets.ModelViewSet):
    serializer_class = HotelStaySerializer
    queryset = HotelStay.objects.none()
    filterset_fields = ["hotel", "guest", "guest__delegation"]

    def get_queryset(self):
        if self.is_schema_generation:
            return HotelStay.objects.none()
        return (
            HotelStay.objects.filter(hotel__event=self.event)
            .prefetch_related(Prefetch("shared_with", queryset=Guest.objects.only("id")))
            .order_by("check_in", "id")
        )

    @transaction.atomic
    def perform_create(self, serializer):
        serializer.save()

    @transaction.atomic
    def perform_update(self, serializer):
        serializer.save()


@extend_schema_view(
    create=extend_schema(responses={201: SavedItineraryItemSerializer}),
    update=extend_schema(responses={200: SavedItineraryItemSerializer}),
    partial_update=extend_schema(responses={200: SavedItineraryItemSerializer}),
    destroy=extend_schema(responses={204: None, 200: CancelledItineraryItemSerializer}),
)
class ItineraryItemViewSet(DelegationScoped, viewsets.ModelViewSet):
    """Itinerary items. Saving returns `warnings`: the conflicts this item is part of (never an
    error). Deleting a confirmed item cancels it instead (200, status cancelled)."""

    serializer_class = ItineraryItemSerializer
    queryset = ItineraryItem.objects.none()
    filterset_fields = ["kind", "status", "delegation", "vehicle", "venue", "guests"]
    ordering_fields = ["start", "end", "updated_at"]

    def get_queryset(self):
        if self.is_schema_generation:
            return ItineraryItem.objects.none()
        return (
            ItineraryItem.objects.filter(event=self.event)
            .prefetch_related(Prefetch("guests", queryset=Guest.objects.only("id")))
            .order_by("start", "id")
        )

    def _save(self, serializer, instance=None):
        values = dict(serializer.validated_data)
        guests = values.pop("guests", None)
        try:
            item = save_item(self.event, values, instance=instance, guests=guests)
        except DelegationRuleError as error:
            raise_rule_error(error)
        item.event = self.event
        data = ItineraryItemSerializer(item, context=self.get_serializer_context()).data
        data["warnings"] = [clash.as_dict() for clash in conflict_checks.conflicts_for_item(item)]
        return data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(self._save(serializer), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = self.get_serializer(instance, data=request.data, partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        return Response(self._save(serializer, instance=instance))

    def destroy(self, request, *args, **kwargs):
        item = self.get_object()
        result = delete_item(item)
        if result == "deleted":
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response({**ItineraryItemSerializer(item, context=self.get_serializer_context()).data, "result": result})

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def conflicts(self, request, event_slug=None, pk=None):
        item = self.get_object()
        item.event = self.event
        return conflicts_response(conflict_checks.conflicts_for_item(item))


class ConflictsView(DelegationScoped, generics.GenericAPIView):
    """Every clash in the event's itineraries (warnings). Filter with ?code=, ?delegation=, ?guest=."""

    @extend_schema(
        parameters=[
            OpenApiParameter("code", str, enum=list(conflict_checks.CODES)),
            OpenApiParameter("delegation", int), OpenApiParameter("guest", int),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, event_slug=None):
        clashes = conflict_checks.event_conflicts(self.event)
        code = request.query_params.get("code")
        if code:
            if code not in conflict_checks.CODES:
                raise exceptions.ValidationError({"code": [f"Unknown conflict code; use one of {', '.join(conflict_checks.CODES)}."]})
            clashes = [c for c in clashes if c.code == code]
        for name, model, check in (("delegation", Delegation, conflict_checks.conflicts_for_delegation),
                                   ("guest", Guest, conflict_checks.conflicts_for_guest)):
            raw = request.query_params.get(name)
            if raw:
                if not raw.isdigit() or len(raw) > 18:
                    raise exceptions.ValidationError({name: ["A number is required."]})
                obj = model.objects.filter(event=self.event, pk=int(raw)).first()
                if obj is None:
                    raise exceptions.ValidationError({name: [f'Invalid pk "{raw}" - object does not exist.']})
                obj.event = self.event
                clashes = check(obj, clashes)
        return conflicts_response(clashes)


class PrecedenceView(DelegationScoped, generics.GenericAPIView):
    """The protocol order of the delegations, with the key each was sorted by."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, event_slug=None):
        order = precedence_order(self.event, Delegation.objects.filter(event=self.event))
        return Response({
            "language": order.language,
            "start_letter": order.start_letter,
            "start_letter_ignored": order.start_letter_ignored,
            "delegations": [
                {"position": e.position, "id": e.delegation.pk, "name": e.delegation.name, "country": e.delegation.country,
                 "country_name": e.country_name, "key": e.key, "override": e.override}
                for e in order.entries
            ],
        })


class GuestScopedView(DelegationScoped, generics.GenericAPIView):
    def guest(self):
        guest = get_object_or_404(Guest.objects.filter(event=self.event), pk=self.kwargs["guest_id"])
        guest.event = self.event
        return guest


class GuestItineraryView(GuestScopedView):
    """One guest's merged itinerary: their delegation's items, their own, and the sessions they attend."""

    @extend_schema(parameters=[LANG_PARAMETER], responses={200: OpenApiTypes.OBJECT})
    def get(self, request, event_slug=None, guest_id=None):
        guest = self.guest()
        return itinerary_response(request, self.event, itineraries.guest_itinerary(guest), guest=guest.pk)


class GuestConflictsView(GuestScopedView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, event_slug=None, guest_id=None):
        return conflicts_response(conflict_checks.conflicts_for_guest(self.guest()))
