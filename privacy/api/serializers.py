from rest_framework import serializers

from audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEntry
        fields = ["id", "created_at", "actor_kind", "actor_id", "actor_label", "action", "object_type", "object_id",
                  "object_label", "guest_id", "changes", "details"]
        read_only_fields = fields
