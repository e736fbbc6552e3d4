from django.db import transaction
from rest_framework import viewsets

from badges.models import AccessZone
from core.api.exceptions import Conflict
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

    @transaction.atomic
    def perform_create(self, serializer):
        serializer.save(event=self.event)

    def perform_destroy(self, zone):
        if zone.badges.exists():
            raise Conflict("Badges carry this zone; reprint them without it first.", code="zone_in_use")
        zone.delete()
