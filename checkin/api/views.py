from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from audit.domain import Actor
from badges.models import AccessZone
from checkin.domain import attendance, checkpoints, offline, scanning
from checkin.interfaces import csv_export
from checkin.models import Checkpoint, ZonePolicy
from core.api.pagination import StandardPagination
from events.api.scope import EventScopedMixin
from events.domain import access

from .serializers import (
    CheckpointSerializer,
    OfflineScanSerializer,
    ScanAnswerSerializer,
    ScanRequestSerializer,
    UploadSerializer,
    ZonePolicySerializer,
)


def rejected_response(exc: scanning.ScanRejected) -> Response:
    return Response(exc.body, status=exc.status_code)


class CheckpointViewSet(EventScopedMixin, viewsets.ModelViewSet):
    """Gates of the event and the zones they open. Scanners read them; organizers edit them."""

    serializer_class = CheckpointSerializer
    queryset = Checkpoint.objects.none()
    filterset_fields = ["direction", "is_active"]

    def get_queryset(self):
        if self.is_schema_generation:
            return Checkpoint.objects.none()
        return Checkpoint.objects.filter(event=self.event).prefetch_related("zones").order_by("id")

    def perform_create(self, serializer):
        serializer.instance = checkpoints.create_checkpoint(self.event, serializer.validated_data,
                                                            by=Actor.for_request(self.request))

    def perform_update(self, serializer):
        checkpoints.update_checkpoint(serializer.instance, serializer.validated_data, by=Actor.for_request(self.request))

    def perform_destroy(self, checkpoint):
        checkpoints.delete_checkpoint(checkpoint, by=Actor.for_request(self.request))  # 409 checkpoint_has_scans


class ZonePolicyViewSet(EventScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                        viewsets.GenericViewSet):
    """The event's access zones with their re-entry policy (single entry or unlimited)."""

    serializer_class = ZonePolicySerializer
    queryset = AccessZone.objects.none()
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        if self.is_schema_generation:
            return AccessZone.objects.none()
        return AccessZone.objects.filter(event=self.event).select_related("checkin_policy").order_by("bit")

    def object_version(self, zone):
        return [*super().object_version(zone), list(ZonePolicy.objects.filter(zone=zone).values_list("reentry", flat=True))]


class ScanView(EventScopedMixin, GenericAPIView):
    read_right = write_right = access.CHECKIN
    serializer_class = ScanRequestSerializer

    @extend_schema(
        request=ScanRequestSerializer,
        responses={201: ScanAnswerSerializer, 200: ScanAnswerSerializer},
        description="Judge one scanned badge code at a checkpoint and record it. The same nonce again returns "
        "the first answer (200, replayed=true). Denials are answers too (201 with their result), not errors.",
    )
    def post(self, request, event_slug=None):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            outcome = scanning.scan(
                self.event, data["checkpoint"], data["qr"], data["nonce"],
                direction=data.get("direction"), scanned_at=data.get("scanned_at"), user_id=request.user.pk,
                offline="scanned_at" in data, by=Actor.for_desk(request, data["checkpoint"]),
            )
        except scanning.ScanRejected as exc:
            return rejected_response(exc)
        return Response(outcome.body, status=status.HTTP_200_OK if outcome.replayed else status.HTTP_201_CREATED)


class KeysView(EventScopedMixin, GenericAPIView):
    read_right = access.CHECKIN

    @extend_schema(
        parameters=[OpenApiParameter("since", int, description="The cursor returned by the previous call.")],
        responses={200: OpenApiTypes.OBJECT},
        description="The event's public key, zones, checkpoints and the revocation list since `since`.",
    )
    def get(self, request, event_slug=None):
        since = request.query_params.get("since", "0")
        if not (since.isascii() and since.isdigit() and len(since) <= 18):
            raise serializers.ValidationError({"since": ["A cursor is a non-negative whole number from a previous call."]})
        return Response(offline.scanner_keys(self.event, since=int(since)))


class UploadView(EventScopedMixin, GenericAPIView):
    read_right = write_right = access.CHECKIN
    serializer_class = UploadSerializer

    @extend_schema(
        request=inline_serializer("OfflineUpload", {"scans": OfflineScanSerializer(many=True)}),
        responses={200: OpenApiTypes.OBJECT},
        description="Scans made offline, each judged as of its scanned_at and idempotent by nonce. One report per "
        "scan: status recorded | replayed | rejected, result, flags (e.g. revoked_after_scan), conflict.",
    )
    def post(self, request, event_slug=None):
        batch = self.get_serializer(data=request.data)
        batch.is_valid(raise_exception=True)
        items = []
        for raw in batch.validated_data["scans"]:
            item = OfflineScanSerializer(data=raw, context=self.get_serializer_context())
            if item.is_valid():
                items.append(item.validated_data)
            else:
                items.append({"errors": item.errors, "nonce": raw.get("nonce") if isinstance(raw, dict) else None})
        reports = offline.upload_scans(self.event, items, user=request.user, by=Actor.for_request(request))
        summary = {name: sum(r["status"] == name for r in reports) for name in ("recorded", "replayed", "rejected")}
        return Response({**summary, "conflicts": sum(r["conflict"] for r in reports), "scans": reports})


class AttendanceView(EventScopedMixin, GenericAPIView):
    read_right = access.VIEW_ATTENDANCE
    report = ""  # inside | hourly | arrivals
    as_csv = False

    @extend_schema(
        parameters=[OpenApiParameter("arrived", bool, description="arrivals only: true = arrived, false = not yet")],
        responses={200: OpenApiTypes.OBJECT, (200, "text/csv"): OpenApiTypes.BINARY},
    )
    def get(self, request, event_slug=None):
        event = self.event
        if self.as_csv:
            attendance.record_export(event, self.report, by=Actor.for_request(request))
        if self.report == "inside":
            zones = attendance.inside_now(event)
            if self.as_csv:
                return csv_export.inside_csv(event, zones)
            return Response({"zones": zones, "total_inside": len({g["id"] for z in zones for g in z["guests"]})})
        if self.report == "hourly":
            hours = attendance.hourly_entries(event)
            return csv_export.hourly_csv(event, hours) if self.as_csv else Response({"hours": hours})
        arrived = {"true": True, "false": False, None: None}.get(request.query_params.get("arrived"), "bad")
        if arrived == "bad":
            raise serializers.ValidationError({"arrived": ["Give true or false."]})
        guests = attendance.arrivals(event, arrived=arrived)
        if self.as_csv:
            return csv_export.arrivals_csv(event, attendance.arrival_rows(event, guests))
        paginator = StandardPagination()
        page = paginator.paginate_queryset(guests, request, view=self)
        return paginator.get_paginated_response(attendance.arrival_rows(event, page))
