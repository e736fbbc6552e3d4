from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from audit.domain import Actor
from events.models import Guest

from ...domain import conflicts as conflict_checks
from ...domain.items import delete_item, save_item
from ...models import ItineraryItem
from ..serializers import CancelledItineraryItemSerializer, ItineraryItemSerializer, SavedItineraryItemSerializer
from .common import DelegationScoped, conflicts_response


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
        item = save_item(self.event, values, instance=instance, guests=guests, by=Actor.for_request(self.request))
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
        result = delete_item(item, by=Actor.for_request(request))
        if result == "deleted":
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response({**ItineraryItemSerializer(item, context=self.get_serializer_context()).data, "result": result})

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def conflicts(self, request, event_slug=None, pk=None):
        item = self.get_object()
        item.event = self.event
        return conflicts_response(conflict_checks.conflicts_for_item(item))
