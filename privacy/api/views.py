"""The audit log of an event (owners: view_audit_log), as JSON pages and as CSV."""
import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView, get_object_or_404
from rest_framework.response import Response

from audit.domain import Actor, record
from checkin.interfaces.csv_export import csv_response
from events.api.scope import EventScopedMixin
from events.domain import access, event_setup, retention
from events.models import Guest
from privacy.domain import subject_export, trail

from .serializers import AuditEntrySerializer, RetentionSerializer

FILTERS = [
    OpenApiParameter("object_type", str, description="guest, badge, scan, delegation, membership, event, …"),
    OpenApiParameter("object_id", int, description="With object_type: one object's history."),
    OpenApiParameter("guest", int, description="Everything about one guest (their record, badges, scans, …)."),
    OpenApiParameter("actor", str, description="kind:id — user:12, api_token:3, desk:5 (a checkpoint), or a user id."),
    OpenApiParameter("action", str, description="An action or its prefix: guest.approved, badge., scan."),
    OpenApiParameter("since", str, description="From this date or time (ISO 8601)."),
    OpenApiParameter("until", str, description="Before the end of this date, or before this time."),
]


class AuditLogView(EventScopedMixin, GenericAPIView):
    read_right = access.VIEW_AUDIT_LOG
    serializer_class = AuditEntrySerializer
    filter_backends = []
    as_csv = False

    def entries(self):
        try:
            return trail.entries_of(self.event, self.request.query_params)
        except trail.BadFilter as bad:
            raise exceptions.ValidationError({bad.name: [str(bad)]}) from None

    @extend_schema(parameters=FILTERS, responses={200: AuditEntrySerializer(many=True)},
                   description="Who did what in this event, newest first (owners only: view_audit_log).")
    def get(self, request, event_slug=None):
        queryset, _ = self.entries()
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class AuditLogCsvView(AuditLogView):
    @extend_schema(parameters=FILTERS, responses={(200, "text/csv"): OpenApiTypes.BINARY},
                   description="The filtered audit log as CSV (recorded in the audit log itself).")
    def get(self, request, event_slug=None):
        queryset, applied = self.entries()
        rows = list(queryset.values_list(*trail.CSV_COLUMNS)[:100_000])
        record(Actor.for_request(request), "privacy.audit_log_exported", event=self.event, object_type="event",
               object_id=self.event.pk, object_label=str(self.event), details={"filters": applied, "rows": len(rows)})
        return csv_response(f"audit-log-{self.event.slug}.csv", trail.CSV_COLUMNS, (
            [row[0].isoformat(), *row[1:9], json.dumps(row[9], ensure_ascii=False), json.dumps(row[10], ensure_ascii=False)]
            for row in rows))


class PersonalDataView(EventScopedMixin, GenericAPIView):
    read_right = access.EXPORT_PERSONAL_DATA
    filter_backends = []
    pagination_class = None

    @extend_schema(responses={200: OpenApiTypes.OBJECT},
                   description="Everything held about one guest (data subject export, owners only), recorded in the "
                   "audit log: every field of the record, the delegation, the itinerary, badges, scans and feeds.")
    def get(self, request, event_slug=None, guest_id=None):
        if guest_id > trail.BIGGEST_ID:
            raise exceptions.NotFound()
        guest = get_object_or_404(Guest.objects.select_related("event", "delegation"), event=self.event, pk=guest_id)
        return Response(subject_export.export_guest(guest, by=Actor.for_request(request)))


class RetentionView(EventScopedMixin, GenericAPIView):
    read_right = write_right = access.EXPORT_PERSONAL_DATA
    serializer_class = RetentionSerializer
    filter_backends = []
    pagination_class = None

    def body(self):
        event = self.event
        return RetentionSerializer({"retention_days": event.retention_days, "legal_hold": event.legal_hold,
                                    "purge_date": retention.purge_date(event), "expired": retention.is_expired(event)}).data

    @extend_schema(responses={200: RetentionSerializer}, description="How long the event keeps personal data.")
    def get(self, request, event_slug=None):
        return Response(self.body())

    @extend_schema(request=RetentionSerializer, responses={200: RetentionSerializer},
                   description="Set retention_days (1-3650, counted from the end date) or the legal hold (owners).")
    def patch(self, request, event_slug=None):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event_setup.update_event(self.event, dict(serializer.validated_data), by=Actor.for_request(request))
        return Response(self.body())
