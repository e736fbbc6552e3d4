from django.contrib.auth import get_user_model
from django.utils import timezone
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from core.api.fields import (
    AwareDateTimeField,
    CoordinatePairMixin,
    EventRelatedField,
    MultilingualTextField,
    PhotoField,
    TimeZoneField,
    UsernameField,
)
from core.api.serializers import ModelSerializer
from events.domain import access
from events.domain.guest_status import allowed_actions
from events.domain.masking import MASK, mask_date, mask_passport
from events.models import Event, EventMembership, Guest, GuestCategory, ProgrammeSession, Venue
from events.models.guest import normalize_passport_number


class EventSerializer(ModelSerializer):
    name = MultilingualTextField(max_text_length=300)
    timezone = TimeZoneField()
    my_rights = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "slug", "name", "timezone", "start_date", "end_date", "status", "default_language",
            "transfer_buffer_minutes", "precedence_language", "precedence_start_letter", "my_rights",
            "created_at", "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_my_rights(self, event) -> list[str]:
        return sorted(access.rights_for(self.context["request"].user, event))

    def validate(self, attrs):
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": "The event cannot end before it starts."})
        return attrs


class VenueSerializer(CoordinatePairMixin, ModelSerializer):
    name = MultilingualTextField(max_text_length=300)
    timezone = TimeZoneField(required=False)

    class Meta:
        model = Venue
        fields = ["id", "name", "address", "timezone", "latitude", "longitude", "updated_at"]
        read_only_fields = ["updated_at"]


class ProgrammeSessionSerializer(ModelSerializer):
    title = MultilingualTextField(max_text_length=500)
    description = MultilingualTextField(max_text_length=5000, required_text=False, required=False)
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    venue = EventRelatedField(queryset=Venue.objects.all(), allow_null=True, required=False)
    invited_categories = serializers.ListField(
        child=serializers.ChoiceField(choices=GuestCategory.choices), required=False, max_length=len(GuestCategory.values)
    )

    class Meta:
        model = ProgrammeSession
        fields = [
            "id", "uid", "title", "description", "start", "end", "venue", "kind", "invited_categories",
            "is_cancelled", "sequence", "updated_at",
        ]
        read_only_fields = ["uid", "sequence", "updated_at"]

    def validate(self, attrs):
        start = attrs.get("start", getattr(self.instance, "start", None))
        end = attrs.get("end", getattr(self.instance, "end", None))
        if start and end and end <= start:
            raise serializers.ValidationError({"end": "The session must end after it starts."})
        return attrs


class MaskableDateField(serializers.DateField):
    """A date that roles without the view_passport right read as the mask "••••" (the serializer
    masks it); requests give a date."""


class MaskableDateFieldSchema(OpenApiSerializerFieldExtension):
    target_class = MaskableDateField

    def map_serializer_field(self, auto_schema, direction):
        date = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if direction == "request":
            return date
        return {"anyOf": [date, {"type": "string", "enum": [MASK]}],
                "description": f"{MASK} unless your role may see passport data."}


class GuestSerializer(ModelSerializer):
    """Passport number and date of birth are write-through for every role that may edit guests,
    but are read back unmasked only by roles with the view_passport right."""

    delegation = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True,
        help_text="null when the guest is in no delegation. Change membership through /delegations/{id}/members/ "
        "(quota and head rules apply).",
    )
    passport_number = serializers.CharField(
        max_length=32, required=False, allow_blank=True,
        help_text="Masked (e.g. ••••4363) unless your role may see passport data.",
    )
    date_of_birth = MaskableDateField(required=False, allow_null=True)
    arrival_time = AwareDateTimeField(required=False, allow_null=True)
    departure_time = AwareDateTimeField(required=False, allow_null=True)
    photo = PhotoField(required=False, allow_null=True)
    warnings = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField(
        help_text="The guest's audit trail (who did what to this record), for roles that may read the trail; else null.")
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Guest
        fields = [
            "id", "status", "allowed_actions", "warnings", "full_name",
            "delegation", "delegation_role", "country", "category", "honorific", "family_name", "given_name",
            "native_name", "chinese_name", "position", "organization", "language", "email",
            "passport_number", "passport_expiry", "date_of_birth", "gender",
            "arrival_flight", "arrival_time", "departure_flight", "departure_time", "dietary",
            "photo", "internal_notes", "external_ref", "status_changed_at", "created_at", "updated_at", "history",
        ]
        read_only_fields = ["status", "delegation_role", "status_changed_at", "created_at", "updated_at"]

    def _may_see_passport(self):
        if "may_see_passport" not in self.context:
            event, request = self.context.get("event"), self.context.get("request")
            self.context["may_see_passport"] = bool(
                event and request and access.has_right(request.user, event, access.VIEW_PASSPORT)
            )
        return self.context["may_see_passport"]

    def to_representation(self, guest):
        data = super().to_representation(guest)
        if not self._may_see_passport():
            data["passport_number"] = mask_passport(guest.passport_number)
            data["date_of_birth"] = mask_date(guest.date_of_birth)
        return data

    def get_warnings(self, guest) -> list[dict]:
        warnings = []
        if guest.passport_expiry and guest.passport_expiry <= guest.event.end_date:
            warnings.append({
                "field": "passport_expiry",
                "code": "passport_expires_before_event_end",
                "message": f"The passport expires on {guest.passport_expiry.isoformat()}, "
                f"before the event ends on {guest.event.end_date.isoformat()}.",
            })
        return warnings

    def get_allowed_actions(self, guest) -> list[str]:
        return allowed_actions(guest.status)

    def get_history(self, guest) -> str | None:
        request = self.context.get("request")
        if request is None or not access.has_right(request.user, guest.event, access.VIEW_AUDIT_LOG):
            return None
        return request.build_absolute_uri(f"/api/v1/events/{guest.event.slug}/audit-log/?guest={guest.pk}")

    def validate_passport_number(self, value):
        value = normalize_passport_number(value)
        if value and not (value.isascii() and value.isalnum()):
            raise serializers.ValidationError("A passport number has only Latin letters and digits.")
        return value

    def validate(self, attrs):
        arrival = attrs.get("arrival_time", getattr(self.instance, "arrival_time", None))
        departure = attrs.get("departure_time", getattr(self.instance, "departure_time", None))
        if arrival and departure and departure <= arrival:
            raise serializers.ValidationError({"departure_time": "Departure must be after arrival."})
        return attrs


class GuestListSerializer(GuestSerializer):
    """A guest in a list: names in every script, the fields lists filter and sort by, the photo's URL,
    and whether a passport number is on file; the detail carries every field.

    No passport number or date of birth, masked or not: a list shows up to 500 guests at once, and
    what it needs to say about passports (which guests still lack one) `has_passport` says without
    decrypting anything. Passport data is read one record at a time, in the detail, where each read is
    recorded (`guest.passport_viewed`).

    The declaration of a list row (the OpenAPI schema); the rows themselves are written by
    `guest_list_rows` from `.values()` rows: field by field, DRF costs several times the page's
    query. Each value is what the declared field gives (tests/events/test_guest_list_pages.py
    compares the rows with the detail's answer)."""

    delegation_name = serializers.CharField(source="delegation.name", read_only=True, allow_null=True)
    has_passport = serializers.BooleanField(source="passport_index", read_only=True,
                                            help_text="Whether a passport number is on file.")

    class Meta(GuestSerializer.Meta):
        fields = [
            "id", "status", "full_name", "honorific", "family_name", "given_name", "native_name", "chinese_name",
            "category", "delegation", "delegation_name", "country", "language", "photo", "has_passport", "updated_at",
        ]
        read_only_fields = fields

    # The columns a list row is made of (the delegation's name by its path: cheaper to compile than
    # an F() annotation). The passport's keyed hash is set exactly when a number is (Guest.save):
    # has_passport without decryption.
    LIST_COLUMNS = ("id", "status", "honorific", "family_name", "given_name", "native_name", "chinese_name", "category",
                    "delegation_id", "delegation__name", "country", "language", "photo", "passport_index", "updated_at")


def iso_datetime(value, zone) -> str | None:
    """What DRF's DateTimeField writes (ISO 8601 in the current time zone, UTC as Z), the zone looked up once."""
    if not value:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def guest_list_rows(rows, *, absolute_url=str) -> list[dict]:
    """The list representation (GuestListSerializer's fields) of `.values()` rows of LIST_COLUMNS; the
    photo's URL made absolute by `absolute_url` (the request's build_absolute_uri)."""
    photo_url, zone = Guest._meta.get_field("photo").storage.url, timezone.get_current_timezone()
    answer = []
    for row in rows:
        given_name, family_name, photo = row["given_name"], row["family_name"], row["photo"]
        answer.append({
            "id": row["id"], "status": row["status"],
            "full_name": f"{given_name} {family_name}" if given_name and family_name else given_name or family_name,
            "honorific": row["honorific"], "family_name": family_name, "given_name": given_name,
            "native_name": row["native_name"], "chinese_name": row["chinese_name"], "category": row["category"],
            "delegation": row["delegation_id"], "delegation_name": row["delegation__name"], "country": row["country"],
            "language": row["language"], "photo": absolute_url(photo_url(photo)) if photo else None,
            "has_passport": bool(row["passport_index"]), "updated_at": iso_datetime(row["updated_at"], zone),
        })
    return answer


class MemberSerializer(ModelSerializer):
    username = UsernameField(source="user", queryset=get_user_model().objects.filter(is_active=True))
    rights = serializers.SerializerMethodField()

    class Meta:
        model = EventMembership
        fields = ["id", "username", "role", "phone", "rights", "created_at"]
        read_only_fields = ["created_at"]

    def get_rights(self, membership) -> list[str]:
        return sorted(access.ROLE_RIGHTS.get(membership.role, ()))

    def validate_username(self, user):
        event = self.context.get("event")
        if self.instance is None and event and EventMembership.objects.filter(event=event, user=user).exists():
            raise serializers.ValidationError("This user is already a member of the event.")
        if self.instance is not None and self.instance.user_id != user.pk:
            raise serializers.ValidationError("A membership's user cannot be changed; remove it and add another.")
        return user


class TransitionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    allowed_actions = serializers.ListField(child=serializers.CharField())
