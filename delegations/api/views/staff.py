from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action

from ...domain import itineraries
from ...models import Staff
from ..serializers import StaffSerializer
from .common import LANG_PARAMETER, DelegationScoped, LogisticsWrites, itinerary_response


class StaffViewSet(LogisticsWrites, DelegationScoped, viewsets.ModelViewSet):
    serializer_class = StaffSerializer
    queryset = Staff.objects.none()
    filterset_fields = ["role"]

    def get_queryset(self):
        if self.is_schema_generation:
            return Staff.objects.none()
        return Staff.objects.filter(event=self.event).select_related("user").order_by("role", "full_name", "id")

    @extend_schema(parameters=[LANG_PARAMETER], responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def itinerary(self, request, event_slug=None, pk=None):
        staff = self.get_object()
        staff.event = self.event
        return itinerary_response(request, self.event, itineraries.staff_itinerary(staff), staff=staff.pk)
