from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from badges.domain.layout import validate_template_values
from badges.domain.selection import unknown_guests_message
from badges.models import MAX_ZONES_PER_EVENT, AccessZone, Badge, BadgeBatch, BadgeTemplate
from core.api.fields import AwareDateTimeField, EventRelatedField, MultilingualTextField, PhotoField
from core.api.serializers import ModelSerializer
from delegations.models import Delegation
from events.models import Guest, GuestCategory

MAX_GUESTS_PER_REQUEST = 5000


def _messages(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
    return exc.messages


class AccessZoneSerializer(ModelSerializer):
    name = MultilingualTextField(max_text_length=200)
    default_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=GuestCategory.choices), required=False, max_length=len(GuestCategory.values)
    )

    class Meta:
        model = AccessZone
        fields = ["id", "code", "name", "colour", "bit", "default_for_all", "default_categories", "created_at"]
        read_only_fields = ["bit", "created_at"]

    def validate_code(self, value):
        event = self.context["event"]
        clash = AccessZone.objects.filter(event=event, code=value)
        if self.instance:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(f"This event already has a zone {value}.")
        return value

    def validate(self, attrs):
        if self.instance is None and AccessZone.objects.filter(event=self.context["event"]).count() >= MAX_ZONES_PER_EVENT:
            raise serializers.ValidationError(
                {"code": [f"An event can have at most {MAX_ZONES_PER_EVENT} access zones (the QR code has 32 bits for them)."]}
            )
        return attrs


class TemplateLogoField(PhotoField):
    """An uploaded image; or the current logo's URL as GET gave it, which keeps the logo (so that a
    template read with GET can be PUT back as it is)."""

    def to_internal_value(self, data):
        instance = getattr(self.parent, "instance", None)
        if isinstance(data, str) and instance is not None and instance.logo:
            if data == self.to_representation(instance.logo):
                raise serializers.SkipField()
        return super().to_internal_value(data)


class BadgeTemplateSerializer(ModelSerializer):
    logo = TemplateLogoField(required=False, allow_null=True)
    width_mm = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True, min_value=20, max_value=297)
    height_mm = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True, min_value=20, max_value=297)
    gutter_mm = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, min_value=0, max_value=30)
    bleed_mm = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, min_value=0, max_value=5)
    front_layout = serializers.JSONField(required=False)
    back_layout = serializers.JSONField(required=False)
    category_styles = serializers.JSONField(required=False)

    class Meta:
        model = BadgeTemplate
        fields = [
            "id", "name", "size", "width_mm", "height_mm", "orientation", "category_styles", "front_layout",
            "back_layout", "sheet_layout", "gutter_mm", "bleed_mm", "crop_marks", "logo", "is_default",
            "created_at", "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_name(self, value):
        clash = BadgeTemplate.objects.filter(event=self.context["event"], name=value)
        if self.instance:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError("This event already has a template with this name.")
        return value

    def validate(self, attrs):
        from badges.domain.templates import default_template_values

        names = ["size", "orientation", "width_mm", "height_mm", "category_styles", "front_layout", "back_layout",
                 "sheet_layout", "gutter_mm", "bleed_mm"]
        values = {name: attrs.get(name, getattr(self.instance, name, None)) for name in names}
        values["size"] = values["size"] or "id1"
        values["orientation"] = values["orientation"] or "portrait"
        values["sheet_layout"] = values["sheet_layout"] or "a4_nup"
        if self.instance is None and "front_layout" not in attrs:
            try:
                defaults = default_template_values(values["size"], values["orientation"], values["width_mm"],
                                                   values["height_mm"])
            except DjangoValidationError as exc:
                raise serializers.ValidationError(_messages(exc)) from None
            attrs["front_layout"] = values["front_layout"] = defaults["front_layout"]
            if "category_styles" not in attrs:
                attrs["category_styles"] = values["category_styles"] = defaults["category_styles"]
        try:
            normalised = validate_template_values(values)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(_messages(exc)) from None
        for name in ("front_layout", "back_layout"):
            if name in attrs:
                attrs[name] = normalised[name]
        return attrs


class BadgeGuestSerializer(ModelSerializer):
    name = serializers.CharField(source="full_name")
    delegation = serializers.CharField(source="delegation.name", default="")

    class Meta:
        model = Guest
        fields = ["id", "name", "native_name", "chinese_name", "category", "country", "status", "delegation"]


class BadgeSerializer(ModelSerializer):
    guest = BadgeGuestSerializer(read_only=True)
    zones = serializers.SerializerMethodField()

    class Meta:
        model = Badge
        fields = [
            "id", "guest", "version", "status", "zones", "valid_from", "valid_until", "issued_at", "printed_at",
            "revoked_at", "revoked_reason", "updated_at",
        ]
        read_only_fields = fields

    def get_zones(self, badge) -> list[str]:
        return [zone.code for zone in sorted(badge.zones.all(), key=lambda zone: zone.bit)]


class IssueBadgesSerializer(serializers.Serializer):
    guests = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False, allow_empty=False, max_length=MAX_GUESTS_PER_REQUEST,
        help_text="Guest ids (approved guests of this event).",
    )
    all_approved = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if not attrs.get("guests") and not attrs.get("all_approved"):
            raise serializers.ValidationError({"guests": ["Give guest ids, or all_approved: true."]})
        if attrs.get("guests") and attrs.get("all_approved"):
            raise serializers.ValidationError({"guests": ["Give guest ids or all_approved, not both."]})
        return attrs


class BadgeChangeSerializer(serializers.Serializer):
    """Reprint: optionally with new zones or validity; the new version carries them."""

    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    zones = serializers.ListField(child=EventRelatedField(queryset=AccessZone.objects.all()), required=False,
                                  max_length=MAX_ZONES_PER_EVENT)
    valid_from = AwareDateTimeField(required=False)
    valid_until = AwareDateTimeField(required=False)

    def validate(self, attrs):
        badge = self.context.get("badge")
        start = attrs.get("valid_from", getattr(badge, "valid_from", None))
        end = attrs.get("valid_until", getattr(badge, "valid_until", None))
        if start and end and end <= start:
            raise serializers.ValidationError({"valid_until": ["Must be after valid_from."]})
        for name in ("valid_from", "valid_until"):
            value = attrs.get(name)
            if value is not None and not 0 <= value.timestamp() <= 0xFFFFFFFF:
                raise serializers.ValidationError({name: ["Out of range."]})
        return attrs


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SelectionSerializer(serializers.Serializer):
    all = serializers.BooleanField(required=False, default=False, help_text="All approved guests.")
    delegation = EventRelatedField(queryset=Delegation.objects.all(), required=False, allow_null=False)
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=GuestCategory.choices), required=False, allow_empty=False,
        max_length=len(GuestCategory.values),
    )
    not_printed = serializers.BooleanField(required=False, default=False, help_text="Only badges never printed.")
    guest_ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False, allow_empty=False,
                                      max_length=20_000)

    def validate(self, attrs):
        criteria = [name for name in ("delegation", "categories", "guest_ids") if attrs.get(name)]
        if not attrs.get("all") and not criteria and not attrs.get("not_printed"):
            raise serializers.ValidationError(
                "Say which guests: all, delegation, categories, not_printed or guest_ids."
            )
        if attrs.get("guest_ids"):
            problem = unknown_guests_message(self.context["event"], attrs["guest_ids"])
            if problem:
                raise serializers.ValidationError({"guest_ids": [problem]})
        return attrs

    @staticmethod
    def to_selection(data) -> dict:
        """The validated data as stored on the batch (ids, not objects)."""
        selection = {"all": data.get("all", False), "not_printed": data.get("not_printed", False)}
        if data.get("delegation"):
            selection["delegation"] = data["delegation"].pk
        if data.get("categories"):
            selection["categories"] = sorted(set(data["categories"]))
        if data.get("guest_ids"):
            selection["guest_ids"] = list(dict.fromkeys(data["guest_ids"]))
        return selection


class BatchCreateSerializer(serializers.Serializer):
    template = EventRelatedField(queryset=BadgeTemplate.objects.all(), required=False, allow_null=True,
                                 help_text="Default: the event's default template.")
    selection = SelectionSerializer()


class BadgeBatchSerializer(ModelSerializer):
    progress = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = BadgeBatch
        fields = [
            "id", "template", "selection", "status", "total", "done", "progress", "problems", "error",
            "file_size", "download_url", "attempts", "created_at", "started_at", "finished_at",
        ]
        read_only_fields = fields

    def get_progress(self, batch) -> dict:
        return {"done": batch.done, "total": batch.total}

    def get_download_url(self, batch) -> str | None:
        path = batch.download_path()
        if path is None:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path
