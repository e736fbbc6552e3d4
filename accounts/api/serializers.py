from django.utils import timezone
from rest_framework import serializers

from accounts.domain.tokens import MAX_DAYS
from accounts.models import ApiToken


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token as its owner sees it in lists: never the key, only its first characters (`prefix`)."""

    expires_in_days = serializers.IntegerField(
        write_only=True, required=False, min_value=1, max_value=MAX_DAYS,
        help_text="Days until the token expires; default: the server's API_TOKEN_DEFAULT_DAYS.")
    active = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at", "active",
                  "expires_in_days"]
        read_only_fields = ["prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]

    def get_active(self, token) -> bool:
        return token.revoked_at is None and (token.expires_at is None or token.expires_at > timezone.now())


class NewApiTokenSerializer(ApiTokenSerializer):
    """The answer to a creation: the token and, this once, its key."""

    key = serializers.CharField(read_only=True, help_text="The key: shown only in this answer, keep it safe.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "key"]
