from rest_framework import viewsets

from audit.domain import Actor
from badges.domain import zones
from badges.models import AccessZone
from events.api.scope import EventScopedMixin
from events.domain import access

from . import serializers


class AccessZoneViewSet(EventScopedMixin, viewsets.ModelViewSet):
    """Access zones of the event. A zone on any badge cannot be deleted: its bit in printed QR
    codes would be given to the next new zone."""

    serializer_class = serializers.AccessZoneSerializer
    queryset = AccessZone.objects.none()
    write_right = access.MANAGE_BADGES

    def get_queryset(self):
        if self.is_schema_generation:
            return AccessZone.objects.none()
        return AccessZone.objects.filter(event=self.event).order_by("bit")

    def perform_create(self, serializer):
        serializer.instance = zones.create_zone(self.event, serializer.validated_data, by=Actor.for_request(self.request))

    def perform_update(self, serializer):
        zones.update_zone(serializer.instance, serializer.validated_data, by=Actor.for_request(self.request))

    def perform_destroy(self, zone):
        zones.delete_zone(zone, by=Actor.for_request(self.request))  # 409 zone_in_use while badges carry it
