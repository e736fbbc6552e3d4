from django.db import transaction
from django.db.models import RestrictedError
from rest_framework import viewsets
from rest_framework.parsers import FormParser, MultiPartParser

from badges.models import BadgeTemplate
from core.api.exceptions import Conflict
from core.api.parsers import JSONParser
from events.api.scope import EventScopedMixin
from events.domain import access

from . import serializers


class BadgeTemplateViewSet(EventScopedMixin, viewsets.ModelViewSet):
    serializer_class = serializers.BadgeTemplateSerializer
    queryset = BadgeTemplate.objects.none()
    write_right = access.MANAGE_BADGES
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if self.is_schema_generation:
            return BadgeTemplate.objects.none()
        return BadgeTemplate.objects.filter(event=self.event).order_by("name", "id")

    @transaction.atomic
    def perform_create(self, serializer):
        template = serializer.save(event=self.event)
        self._single_default(template)

    @transaction.atomic
    def perform_update(self, serializer):
        self._single_default(serializer.save())

    def _single_default(self, template):
        if template.is_default:
            BadgeTemplate.objects.filter(event=self.event, is_default=True).exclude(pk=template.pk).update(is_default=False)

    def perform_destroy(self, template):
        try:
            template.delete()
        except RestrictedError:
            raise Conflict("Batches were printed with this template; it cannot be deleted.", code="template_in_use") from None
