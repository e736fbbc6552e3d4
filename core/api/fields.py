"""Serializer fields shared by every app's API."""
import datetime

from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.images import PhotoFormField
from core.multilingual import validate_multilingual
from core.validators import timezone_names, validate_coordinate_pair


@extend_schema_field(
    {"type": "object", "additionalProperties": {"type": "string"}, "example": {"en": "Opening ceremony", "zh-hans": "开幕式"}}
)
class MultilingualTextField(serializers.JSONField):
    def __init__(self, *args, max_text_length=300, required_text=True, **kwargs):
        self.max_text_length = max_text_length
        self.required_text = required_text
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        from django.core.exceptions import ValidationError

        try:
            validate_multilingual(value if value is not None else {}, max_length=self.max_text_length, required=self.required_text)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from exc
        return value or {}


@extend_schema_field(OpenApiTypes.DATETIME)
class AwareDateTimeField(serializers.DateTimeField):
    """Requires an explicit UTC offset: a naive time at an international event is a bug."""

    default_error_messages = {
        "naive": "Give the time with its UTC offset, e.g. 2023-10-31T14:05:00+08:00 or …Z.",
    }

    def to_internal_value(self, value):
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip()) if len(value) < 64 else None
            except ValueError:  # well-formed but out of range (month 13, +99:00): "invalid" below
                parsed = None
            if parsed is not None and parsed.tzinfo is None:
                self.fail("naive")
        elif isinstance(value, datetime.datetime) and value.tzinfo is None:
            self.fail("naive")
        return super().to_internal_value(value)


class TimeZoneField(serializers.CharField):
    default_error_messages = {"invalid_timezone": "{value!r} is not an IANA time zone (e.g. Asia/Shanghai, Asia/Almaty)."}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 64)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value not in timezone_names():
            self.fail("invalid_timezone", value=value[:64])
        return value


class EventRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key that must belong to the request's event; others are reported as not found,
    exactly like ids that do not exist, so nothing leaks across events."""

    def __init__(self, **kwargs):
        self.event_field = kwargs.pop("event_field", "event")
        super().__init__(**kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        event = self.context.get("event")
        if event is None:
            return queryset.none()
        return queryset.filter(**{self.event_field: event})


class CoordinatePairMixin:
    """For serializers of places with latitude and longitude: both or neither, also on PATCH."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        validate_coordinate_pair(
            attrs.get("latitude", getattr(self.instance, "latitude", None)),
            attrs.get("longitude", getattr(self.instance, "longitude", None)),
        )
        return attrs


class UsernameField(serializers.SlugRelatedField):
    """A user named by username. A value no username can be (not a string, too long, holding NUL —
    which PostgreSQL would refuse in the lookup) is reported as not found, without a query."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "username")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not data or len(data) > 150 or "\x00" in data:
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data).replace("\x00", "")[:150])
        return super().to_internal_value(data)


class PhotoField(serializers.ImageField):
    """An uploaded JPEG or PNG, checked by validate_photo (size, format, decoding) before Django's
    own image check, which would call a decompression bomb a corrupted image."""

    def __init__(self, **kwargs):
        super().__init__(_DjangoImageField=PhotoFormField, **kwargs)
