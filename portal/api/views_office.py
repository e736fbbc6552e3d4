"""The office's side, under /api/v1/events/{slug}/: focal points of a delegation (manage_delegations),
the portal settings of a delegation, the nomination review queue (view_guests) and a rejection with a
reason the focal point reads (decide_guests)."""
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from audit.domain import Actor
from core.api.exceptions import Conflict
from delegations.models import Delegation
from events.api.scope import EventScopedMixin
from events.domain import access
from events.domain.guest_status import IllegalTransition
from events.models import Guest

from ..domain import focal_points, review
from ..domain.access import revoke_sessions
from ..domain.nominations import settings_of
from ..models import FocalPoint, Nomination
from ..web import base_url
from .serializers import FocalPointSerializer, MessageSerializer, PortalSettingsSerializer, RejectSerializer


class OfficeView(EventScopedMixin, GenericAPIView):
    """Rights per event; a write under an object's URL takes its If-Match (core.api.concurrency)."""

    read_right = access.MANAGE_DELEGATIONS
    write_right = access.MANAGE_DELEGATIONS
    filter_backends = []
    pagination_class = None

    def by(self):
        return Actor.for_request(self.request)


IF_MATCH = OpenApiParameter("If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER,
                            description="The delegation's ETag as you read it: if it has changed since, 412 and nothing changes.")


class UnderDelegation(OfficeView):
    """…/delegations/{id}/…: the delegation is the object (its ETag, its row locked for a write)."""

    queryset = Delegation.objects.none()

    def get_queryset(self):
        return Delegation.objects.none() if self.is_schema_generation else Delegation.objects.filter(event=self.event)


class DelegationFocalPointsView(UnderDelegation):
    serializer_class = FocalPointSerializer

    @extend_schema(summary="The delegation's focal points", responses={200: FocalPointSerializer(many=True)}, tags=["portal"])
    def get(self, request, event_slug, pk):
        points = FocalPoint.objects.filter(delegation=self.get_object()).order_by("id")
        return Response(FocalPointSerializer(points, many=True).data)

    @extend_schema(summary="Name a focal point and e-mail them a sign-in link", request=FocalPointSerializer,
                   parameters=[IF_MATCH], responses={201: FocalPointSerializer}, tags=["portal"])
    def post(self, request, event_slug, pk):
        delegation = self.get_object()
        serializer = FocalPointSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        point = focal_points.create_focal_point(delegation, serializer.validated_data, base_url=base_url(request), by=self.by())
        return Response(FocalPointSerializer(point).data, status=status.HTTP_201_CREATED)


class FocalPointViewSet(EventScopedMixin, viewsets.ReadOnlyModelViewSet):
    """The event's focal points; a new link, the end of their sessions, a message (manage_delegations)."""

    read_right = access.MANAGE_DELEGATIONS
    write_right = access.MANAGE_DELEGATIONS
    serializer_class = FocalPointSerializer
    queryset = FocalPoint.objects.none()
    filterset_fields = ["delegation", "language"]
    ordering_fields = ["name", "id"]

    def get_queryset(self):
        if self.is_schema_generation:
            return FocalPoint.objects.none()
        return FocalPoint.objects.filter(event=self.event).select_related("delegation", "event").order_by("delegation__name", "id")

    def by(self):
        return Actor.for_request(self.request)

    @extend_schema(summary="E-mail the focal point a new sign-in link", request=None, responses={202: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def resend(self, request, event_slug=None, pk=None):
        message = focal_points.send_invitation(self.get_object(), base_url=base_url(request), by=self.by())
        return Response({"message": message.pk, "state": message.state}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(summary="End the focal point's sessions and unused links", request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path="revoke-sessions")
    def revoke_sessions(self, request, event_slug=None, pk=None):
        return Response({"sessions_ended": revoke_sessions(self.get_object(), by=self.by())})

    @extend_schema(summary="Write to the focal point (e-mailed and shown in the portal)", request=MessageSerializer,
                   responses={202: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def messages(self, request, event_slug=None, pk=None):
        point = self.get_object()
        serializer = MessageSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = focal_points.write_to(point, by=self.by(), **serializer.validated_data)
        return Response({"message": message.pk}, status=status.HTTP_202_ACCEPTED)


class PortalSettingsView(UnderDelegation):
    serializer_class = PortalSettingsSerializer

    @extend_schema(summary="What the delegation's focal points may do", responses={200: PortalSettingsSerializer},
                   tags=["portal"])
    def get(self, request, event_slug, pk):
        return Response(PortalSettingsSerializer(settings_of(self.get_object())).data)

    @extend_schema(summary="Set the categories focal points may nominate and the nomination deadline",
                   request=PortalSettingsSerializer, parameters=[IF_MATCH], responses={200: PortalSettingsSerializer},
                   tags=["portal"])
    def put(self, request, event_slug, pk):
        serializer = PortalSettingsSerializer(settings_of(self.get_object()), data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(PortalSettingsSerializer(serializer.save_as(self.by())).data)


class ReviewQueueView(OfficeView):
    read_right = access.VIEW_GUESTS

    @extend_schema(summary="Nominations waiting for the office, with what changed since the last approval",
                   responses={200: OpenApiTypes.OBJECT}, tags=["portal"])
    def get(self, request, event_slug):
        rows = [{
            "guest": n.guest_id, "name": n.guest.full_name, "delegation": n.guest.delegation_id,
            "delegation_name": str(n.guest.delegation or ""), "status": n.guest.status,
            "focal_point": n.focal_point_id, "updated_at": n.updated_at.isoformat(),
            "previously_approved": bool(n.approved_values), "changes": review.changes_since_approval(n),
        } for n in review.review_queue(self.event)]
        return Response({"count": len(rows), "results": rows})


class PassportScanView(OfficeView):
    read_right = access.VIEW_PASSPORT

    @extend_schema(summary="The passport scan the focal point uploaded (view_passport; the read is in the trail)",
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY, 404: OpenApiTypes.OBJECT}, tags=["portal"])
    def get(self, request, event_slug, guest_id):
        nomination = get_object_or_404(Nomination.objects.select_related("guest"), guest_id=guest_id, guest__event=self.event)
        if not nomination.passport_scan:
            raise Http404
        data, content_type = review.read_passport_scan(nomination, by=self.by())
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="passport-scan-{guest_id}"'
        response["Cache-Control"] = "private, no-store"
        return response


class RejectView(OfficeView):
    write_right = access.DECIDE_GUESTS

    @extend_schema(summary="Reject a nominee with a reason the focal point reads", request=RejectSerializer,
                   responses={200: OpenApiTypes.OBJECT}, tags=["portal"])
    def post(self, request, event_slug, guest_id):
        guest = get_object_or_404(Guest, pk=guest_id, event=self.event)
        serializer = RejectSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            guest = review.reject_with_reason(guest, serializer.validated_data["public_reason"], by=self.by())
        except IllegalTransition as exc:
            raise Conflict(str(exc), code="illegal_transition") from exc
        return Response({"guest": guest.pk, "status": guest.status})







