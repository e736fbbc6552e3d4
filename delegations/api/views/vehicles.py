from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action

from ...domain import itineraries
from ...models import Vehicle
from ..serializers import VehicleSerializer
from .common import LANG_PARAMETER, DelegationScoped, LogisticsWrites, itinerary_response


class VehicleViewSet(LogisticsWrites, DelegationScoped, viewsets.ModelViewSet):
    serializer_class = VehicleSerializer
    queryset = Vehicle.objects.none()

    def get_queryset(self):
        if self.is_schema_generation:
            return Vehicle.objects.none()
        return Vehicle.objects.filter(event=self.event).order_by("plate")

    @extend_schema(parameters=[LANG_PARAMETER], responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def itinerary(self, request, event_slug=None, pk=None):
        vehicle = self.get_object()
        vehicle.event = self.event
        return itinerary_response(request, self.event, itineraries.vehicle_itinerary(vehicle), vehicle=vehicle.pk)
