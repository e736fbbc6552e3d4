from rest_framework import viewsets
from rest_framework.parsers import FormParser, MultiPartParser

from audit.domain import Actor
from badges.domain import badge_templates
from badges.models import BadgeTemplate
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

    def perform_create(self, serializer):
        serializer.instance = badge_templates.create_template(self.event, serializer.validated_data,
                                                              by=Actor.for_request(self.request))

    def perform_update(self, serializer):
        # Making it the default takes that from the event's other templates (badges.domain.badge_templates).
        badge_templates.update_template(serializer.instance, serializer.validated_data, by=Actor.for_request(self.request))

    def perform_destroy(self, template):
        badge_templates.delete_template(template, by=Actor.for_request(self.request))  # 409 template_in_use
