from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.domain import Actor
from core.api.exceptions import Conflict
from events.api.scope import EventScopedMixin
from events.domain import access

from ..domain import imports
from ..models import GuestImport
from . import serializers


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


class GuestImportViewSet(EventScopedMixin, mixins.CreateModelMixin, mixins.ListModelMixin,
                         mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Guest lists uploaded as spreadsheets. POST answers 202 at once; a worker makes the dry run
    (poll the import: `status`, `processed_rows`), then `commit/` applies it, all or nothing."""

    queryset = GuestImport.objects.none()
    read_right = access.CHANGE_GUESTS
    write_right = access.CHANGE_GUESTS
    ordering_fields = ["created_at", "id"]
    ordering = ["-id"]
    filterset_fields = ["status"]

    def get_queryset(self):
        if self.is_schema_generation:
            return GuestImport.objects.none()
        queryset = GuestImport.objects.filter(event=self.event).select_related("created_by", "committed_by")
        return queryset.defer("rows") if self.action == "list" else queryset

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.ImportCreateSerializer
        if self.action == "mapping":
            return serializers.RemapSerializer
        return serializers.GuestImportDetailSerializer if self.action == "retrieve" else serializers.GuestImportSerializer

    def _answer(self, guest_import, code=status.HTTP_200_OK):
        guest_import.refresh_from_db()
        data = serializers.GuestImportDetailSerializer(guest_import, context=self.get_serializer_context()).data
        return Response(data, status=code)

    @extend_schema(request={"multipart/form-data": serializers.ImportCreateSerializer},
                   responses={202: serializers.GuestImportDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            guest_import = imports.upload_import(
                self.event, data["file"], delegation=data.get("delegation"), encoding=data.get("encoding", ""),
                mapping=data.get("mapping") or {}, by=Actor.for_request(request))
        except imports.ImportRefused as exc:
            if exc.code == "too_large":
                raise TooLarge({"file": [str(exc)], "detail": str(exc), "code": "too_large"}) from None
            raise exceptions.ValidationError({"file": [str(exc)]}) from None
        return self._answer(guest_import, status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={200: serializers.GuestImportDetailSerializer})
    @action(detail=True, methods=["post"])
    def commit(self, request, event_slug=None, pk=None):
        try:
            guest_import = imports.commit_import(self.get_object(), by=Actor.for_request(request))
        except imports.NotCommittable as exc:
            raise Conflict(str(exc), code=exc.code) from None
        return self._answer(guest_import)

    @extend_schema(request=serializers.RemapSerializer, responses={202: serializers.GuestImportDetailSerializer})
    @action(detail=True, methods=["post"])
    def mapping(self, request, event_slug=None, pk=None):
        guest_import = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            guest_import = imports.remap_import(guest_import, serializer.validated_data["mapping"], by=Actor.for_request(request))
        except imports.NotCommittable as exc:
            raise Conflict(str(exc), code=exc.code) from None
        return self._answer(guest_import, status.HTTP_202_ACCEPTED)
