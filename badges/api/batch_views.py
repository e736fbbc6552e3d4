from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.domain import Actor
from badges.domain import batches as batch_domain
from badges.domain.templates import get_default_template
from badges.models import BadgeBatch
from badges.storage import sheet_storage
from core.api.exceptions import Conflict
from core.downloads import stored_file_response
from events.api.scope import EventScopedMixin
from events.domain import access

from . import serializers


class BadgeBatchViewSet(EventScopedMixin, mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    """Print runs. POST answers 202 at once; a worker renders the sheet PDF."""

    serializer_class = serializers.BadgeBatchSerializer
    queryset = BadgeBatch.objects.none()
    read_right = access.MANAGE_BADGES
    write_right = access.MANAGE_BADGES
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "id"]
    ordering = ["-id"]

    def get_queryset(self):
        if self.is_schema_generation:
            return BadgeBatch.objects.none()
        return BadgeBatch.objects.filter(event=self.event).select_related("event")

    def get_serializer_class(self):
        return serializers.BatchCreateSerializer if self.action == "create" else serializers.BadgeBatchSerializer

    @extend_schema(request=serializers.BatchCreateSerializer, responses={202: serializers.BadgeBatchSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        template = serializer.validated_data.get("template") or get_default_template(self.event)
        selection = serializers.SelectionSerializer.to_selection(serializer.validated_data["selection"])
        try:
            batch = batch_domain.queue_batch(self.event, template, selection, Actor.for_request(request))
        except batch_domain.EmptySelection as exc:
            raise exceptions.ValidationError({"selection": [str(exc)]}) from None
        batch.event = self.event
        return Response(serializers.BadgeBatchSerializer(batch, context=self.get_serializer_context()).data,
                        status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: serializers.BadgeBatchSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, event_slug=None, pk=None):
        try:
            batch = batch_domain.retry_batch(self.get_object(), by=Actor.for_request(request))
        except batch_domain.BatchNotRetryable as exc:
            raise Conflict(str(exc), code="not_failed") from None
        return Response(self.get_serializer(batch).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, event_slug=None, pk=None):
        batch = self.get_object()
        try:
            name = batch_domain.sheet_to_download(batch, Actor.for_request(request))
        except batch_domain.SheetNotReady as exc:
            raise Conflict(str(exc), code="not_ready") from None
        response = stored_file_response(sheet_storage(), name, content_type="application/pdf", as_attachment=True,
                                        filename=f"badges-{self.event.slug}-batch-{batch.pk}.pdf")
        response["Cache-Control"] = "private, no-store"
        return response
