from django.db.models import Prefetch
from rest_framework import viewsets

from events.models import Guest

from ...models import Hotel, HotelStay
from ..serializers import HotelSerializer, HotelStaySerializer
from .common import DelegationScoped, LogisticsWrites


class HotelViewSet(LogisticsWrites, DelegationScoped, viewsets.ModelViewSet):
    serializer_class = HotelSerializer
    queryset = Hotel.objects.none()

    def get_queryset(self):
        if self.is_schema_generation:
            return Hotel.objects.none()
        return Hotel.objects.filter(event=self.event).order_by("id")


class HotelStayViewSet(LogisticsWrites, DelegationScoped, viewsets.ModelViewSet):
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

    def record_owner(self) -> dict:
        return {}  # a stay belongs to its hotel, which the serializer checks is of this event
