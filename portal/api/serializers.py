from django.db import transaction
from rest_framework import serializers

from audit import domain as audit
from core.api.fields import AwareDateTimeField
from core.validators import validate_no_nul
from events.models.guest import GuestCategory

from ..domain.focal_points import LANGUAGE_CODES
from ..models import DelegationPortal, FocalPoint


class FocalPointSerializer(serializers.ModelSerializer):
    language = serializers.ChoiceField(choices=LANGUAGE_CODES, default="en")
    name = serializers.CharField(max_length=200, validators=[validate_no_nul])
    live_sessions = serializers.SerializerMethodField()

    class Meta:
        model = FocalPoint
        fields = ["id", "delegation", "name", "email", "language", "live_sessions", "created_at"]
        read_only_fields = ["delegation", "created_at"]

    def get_live_sessions(self, point) -> int:
        from django.utils import timezone

        return point.sessions.filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).count()


class MessageSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=300, validators=[validate_no_nul])
    body = serializers.CharField(max_length=10_000, validators=[validate_no_nul])


class RejectSerializer(serializers.Serializer):
    public_reason = serializers.CharField(max_length=1000, validators=[validate_no_nul],
                                          help_text="Shown to the delegation's focal point in their portal.")


class PortalSettingsSerializer(serializers.ModelSerializer):
    allowed_categories = serializers.ListField(child=serializers.ChoiceField(choices=GuestCategory.choices), required=False,
                                               max_length=len(GuestCategory.values))
    nomination_deadline = AwareDateTimeField(required=False, allow_null=True)

    class Meta:
        model = DelegationPortal
        fields = ["allowed_categories", "nomination_deadline"]

    def validate_nomination_deadline(self, value):
        if value is not None and not 2000 <= value.year <= 2100:
            raise serializers.ValidationError("A deadline between the years 2000 and 2100.")
        return value

    @transaction.atomic
    def save_as(self, by):
        portal = self.instance
        values = {"allowed_categories": sorted(set(self.validated_data.get("allowed_categories", []))),
                  "nomination_deadline": self.validated_data.get("nomination_deadline")}
        diff = audit.changes(portal if portal.pk else None, values)
        for name, value in values.items():
            setattr(portal, name, value)
        portal.save()
        audit.record(by, "portal.settings_changed", event=portal.delegation.event_id, obj=portal.delegation, changes=diff)
        return portal
