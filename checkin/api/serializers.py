from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from badges.models import AccessZone
from checkin.domain import offline, scanning
from checkin.models import Checkpoint, Direction, Reentry, ScanResult
from core.api.fields import AwareDateTimeField, EventRelatedField, MultilingualTextField
from core.api.serializers import ModelSerializer


@extend_schema_field(OpenApiTypes.STR)
class ScannedTextField(serializers.Field):
    """Whatever a scanner typed: any string, kept as is (garbage is judged "invalid", not refused)."""

    default_error_messages = {"invalid": "The scanned code must be a string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


def check_whole_number(field, data):
    """Refuse, as `field`'s "incorrect_type" error, an id not written as a whole number (5 or "5"):
    not 5.7, true, or digits of other scripts, which int() would otherwise read as 5, 1 or 1."""
    whole = isinstance(data, int) and not isinstance(data, bool)
    if not whole and not (isinstance(data, str) and data.isascii() and data.isdigit()):
        field.fail("incorrect_type", data_type=type(data).__name__)


class WholeNumberRelatedField(EventRelatedField):
    """An id of the request's event, written as a whole number (check_whole_number)."""

    def to_internal_value(self, data):
        check_whole_number(self, data)
        return super().to_internal_value(data)


@extend_schema_field(OpenApiTypes.INT)
class CheckpointIdField(serializers.Field):
    """The id of a checkpoint of the request's event, as a whole number. Whether the event has it
    is for the scan to say (scanning.scan reads the gate with the badge, in one round trip)."""

    default_error_messages = {
        "incorrect_type": serializers.PrimaryKeyRelatedField.default_error_messages["incorrect_type"],
    }

    def to_internal_value(self, data):
        check_whole_number(self, data)
        return int(data)

    def to_representation(self, value):
        return value


class ScanRequestSerializer(serializers.Serializer):
    qr = ScannedTextField(help_text="The text read from the badge's QR code.")
    checkpoint = CheckpointIdField()
    nonce = serializers.CharField(max_length=200, help_text="Random, made once per scan (8–64 of A–Z a–z 0–9 - _ . :).")
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    scanned_at = AwareDateTimeField(required=False, help_text="When an offline scanner scanned; omit when online.")

    def validate_nonce(self, value):
        try:
            return scanning.validate_nonce(value)
        except scanning.ScanRejected as exc:
            raise serializers.ValidationError(exc.errors["nonce"]) from None


class OfflineScanSerializer(ScanRequestSerializer):
    scanned_at = AwareDateTimeField()
    local_result = serializers.ChoiceField(
        choices=ScanResult.choices, required=False, help_text="What the offline scanner showed at the gate."
    )


class UploadSerializer(serializers.Serializer):
    scans = serializers.ListField(child=serializers.JSONField(), max_length=offline.MAX_UPLOAD_SCANS, allow_empty=False)


class GuestSummarySerializer(serializers.Serializer):
    """Documentation only: the `guest` object of a scan answer."""

    id = serializers.IntegerField()
    honorific = serializers.CharField()
    name = serializers.CharField()
    family_name = serializers.CharField()
    given_name = serializers.CharField()
    native_name = serializers.CharField()
    chinese_name = serializers.CharField()
    country = serializers.CharField()
    country_name = serializers.DictField(child=serializers.CharField(), allow_null=True)
    category = serializers.CharField()
    category_label = serializers.DictField(child=serializers.CharField())
    position = serializers.CharField()
    organization = serializers.CharField()
    delegation = serializers.DictField(allow_null=True)
    photo_url = serializers.CharField(allow_null=True)


class ScanAnswerSerializer(serializers.Serializer):
    """Documentation only: the answer to a scan."""

    scan_id = serializers.IntegerField()
    result = serializers.ChoiceField(choices=ScanResult.choices)
    ok = serializers.BooleanField()
    tone = serializers.ChoiceField(choices=["ok", "warning", "denied"])
    message = serializers.DictField(child=serializers.CharField())
    detail = serializers.CharField()
    flags = serializers.ListField(child=serializers.CharField())
    nonce = serializers.CharField()
    checkpoint = serializers.IntegerField()
    direction = serializers.ChoiceField(choices=Direction.choices)
    scanned_at = serializers.DateTimeField()
    offline = serializers.BooleanField()
    replayed = serializers.BooleanField()
    guest = GuestSummarySerializer(allow_null=True)
    badge = serializers.DictField(allow_null=True)
    zones = serializers.ListField(child=serializers.DictField())
    zones_passed = serializers.ListField(child=serializers.CharField())


class CheckpointSerializer(ModelSerializer):
    name = MultilingualTextField(max_text_length=200)
    zones = WholeNumberRelatedField(queryset=AccessZone.objects.all(), many=True, allow_empty=False)

    class Meta:
        model = Checkpoint
        fields = ["id", "name", "zones", "direction", "is_active", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class ReentryPolicyField(serializers.ChoiceField):
    """A zone's re-entry policy, read through check-in's rule (a zone without a policy row has the
    default) and written as `reentry` of the validated data."""

    def __init__(self, **kwargs):
        super().__init__(choices=Reentry.choices, source="*", **kwargs)

    def to_representation(self, zone):
        return scanning.reentry_policy(zone)

    def to_internal_value(self, data):
        return {"reentry": super().to_internal_value(data)}


class ZonePolicySerializer(serializers.Serializer):
    """An access zone (owned by badges) with its check-in re-entry policy; only `reentry` is writable."""

    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True)
    name = serializers.JSONField(read_only=True)
    colour = serializers.CharField(read_only=True)
    bit = serializers.IntegerField(read_only=True)
    reentry = ReentryPolicyField(required=False)

    def update(self, zone, validated_data):
        if "reentry" in validated_data:  # PATCH {} changes nothing
            scanning.set_reentry_policy(zone, validated_data["reentry"])
        return zone
