from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.domain import Actor
from events.models import Guest

from ...domain import conflicts as conflict_checks
from ...domain import delegations, itineraries, membership
from ...domain.precedence import precedence_order
from ...models import Delegation
from ..serializers import (
    AddMemberSerializer,
    DelegationMemberSerializer,
    DelegationSerializer,
    MemberUpdateSerializer,
    SetHeadSerializer,
)
from .common import (
    LANG_PARAMETER,
    DelegationScoped,
    PassthroughPDFRenderer,
    conflicts_response,
    itinerary_response,
)


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
        serializer.instance = delegations.create_delegation(self.event, serializer.validated_data, by=Actor.for_request(self.request))

    def perform_update(self, serializer):
        values = dict(serializer.validated_data)
        head = values.pop("head", delegations.UNCHANGED)
        delegations.update_delegation(serializer.instance, values, head=head, by=Actor.for_request(self.request))

    def perform_destroy(self, delegation):
        delegations.delete_delegation(delegation, by=Actor.for_request(self.request))

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
            guest = membership.add_member(
                delegation, data["guest"], role=data.get("role"), make_head=data.get("is_head", False),
                by=Actor.for_request(request),
            )
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
        if request.method == "DELETE":
            membership.remove_member(delegation, guest, by=Actor.for_request(request))
            return Response(status=status.HTTP_204_NO_CONTENT)
        serializer = MemberUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        guest = membership.update_member(
            delegation, guest, role=serializer.validated_data.get("role"),
            make_head=serializer.validated_data.get("is_head"), by=Actor.for_request(request),
        )
        return Response(DelegationMemberSerializer(guest, context={"head_id": delegation.head_id}).data)

    @extend_schema(request=SetHeadSerializer, responses={200: DelegationMemberSerializer})
    @action(detail=True, methods=["post"], url_path="set-head")
    def set_head(self, request, event_slug=None, pk=None):
        """Make a member the head of delegation, replacing the previous head."""
        delegation = self._delegation()
        serializer = SetHeadSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        membership.set_head(delegation, serializer.validated_data["guest"], by=Actor.for_request(request))
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
        from ...interfaces.booklet import booklet_filename, render_booklet

        delegation = self._delegation()
        pdf = render_booklet(delegation)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{booklet_filename(delegation)}"'
        return response
