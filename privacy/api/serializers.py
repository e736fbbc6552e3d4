from rest_framework import serializers

from audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = ["id", "created_at", "actor_kind", "actor_id", "actor_label", "action", "object_type", "object_id",
                  "object_label", "guest_id", "changes", "details"]
        read_only_fields = fields


class RetentionSerializer(serializers.Serializer):
    retention_days = serializers.IntegerField(min_value=1, max_value=3650, required=False)
    legal_hold = serializers.BooleanField(required=False)
    purge_date = serializers.DateField(read_only=True)
    expired = serializers.BooleanField(read_only=True)
