from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from core.api.fields import (
    AwareDateTimeField,
    CoordinatePairMixin,
    EventRelatedField,
    MultilingualTextField,
    TimeZoneField,
    UsernameField,
)
from core.api.serializers import ModelSerializer
from core.multilingual import localized
from events.models import Guest, ProgrammeSession, Venue
from events.models.guest import flight_number as flight_number_validator

from ..domain import membership
from ..models import Delegation, Hotel, HotelStay, ItineraryItem, Staff, Vehicle

MAX_PARTICIPANTS = 2000


class OrganizerUsernameField(UsernameField):
    """A username among the event's organizers; anyone else is "not found", so that the API does
    not tell which usernames exist elsewhere."""

    default_error_messages = {"does_not_exist": "No organizer of this event has the username {value}."}

    def get_queryset(self):
        event = self.context.get("event")
        if event is None:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True, event_memberships__event=event)


class StaffSerializer(ModelSerializer):
    user = OrganizerUsernameField(allow_null=True, required=False, help_text="Username of an organizer of the event.")
    guest = EventRelatedField(queryset=Guest.objects.all(), allow_null=True, required=False)
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class Meta:
        model = Staff
        fields = ["id", "full_name", "chinese_name", "role", "phone", "email", "languages", "user", "guest"]

    def validate(self, attrs):
        user = attrs.get("user", getattr(self.instance, "user", None))
        guest = attrs.get("guest", getattr(self.instance, "guest", None))
        if guest is not None and guest.category not in Staff.GUEST_CATEGORIES:
            raise serializers.ValidationError(
                {"guest": "Only guests of category liaison officer or interpreter can be staff."}
            )
        full_name = attrs.get("full_name", getattr(self.instance, "full_name", ""))
        if not (full_name or "").strip():
            fallback = guest.full_name if guest else (user.get_full_name() or user.username) if user else ""
            if not fallback:
                raise serializers.ValidationError({"full_name": "Give a name, a guest or an organizer user."})
            attrs["full_name"] = fallback[:200]
        return attrs


class VehicleSerializer(ModelSerializer):
    driver = EventRelatedField(queryset=Staff.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Vehicle
        fields = ["id", "plate", "capacity", "description", "driver"]

    def validate_plate(self, value):
        value = " ".join(value.split()).upper()
        if not value:
            raise serializers.ValidationError("A vehicle needs a plate.")
        queryset = Vehicle.objects.filter(event=self.context["event"], plate=value)
        if self.instance is not None:
            queryset = queryset.exclude(pk=self.instance.pk)
        if queryset.exists():
            raise serializers.ValidationError(f"The event already has a vehicle with the plate {value}.")
        return value

    def validate_driver(self, staff):
        if staff is not None and staff.role_mismatch(Staff.Role.DRIVER):
            raise serializers.ValidationError(staff.role_mismatch(Staff.Role.DRIVER))
        return staff


class HotelSerializer(CoordinatePairMixin, ModelSerializer):
    name = MultilingualTextField(max_text_length=300)

    class Meta:
        model = Hotel
        fields = ["id", "name", "address", "phone", "latitude", "longitude"]


class HotelStaySerializer(ModelSerializer):
    hotel = EventRelatedField(queryset=Hotel.objects.all())
    guest = EventRelatedField(queryset=Guest.objects.all())
    shared_with = EventRelatedField(queryset=Guest.objects.all(), many=True, required=False)

    class Meta:
        model = HotelStay
        fields = ["id", "hotel", "guest", "room_number", "check_in", "check_out", "shared_with"]

    def validate_shared_with(self, guests):
        if len(guests) > 20:
            raise serializers.ValidationError("A room is shared by at most 20 other guests.")
        return guests

    def validate(self, attrs):
        check_in = attrs.get("check_in", getattr(self.instance, "check_in", None))
        check_out = attrs.get("check_out", getattr(self.instance, "check_out", None))
        if check_in and check_out and check_out <= check_in:
            raise serializers.ValidationError({"check_out": "Check-out must be after check-in."})
        guest = attrs.get("guest", getattr(self.instance, "guest", None))
        if guest is not None and any(other.pk == guest.pk for other in attrs.get("shared_with", ())):
            raise serializers.ValidationError({"shared_with": "A guest does not share a room with themselves."})
        return attrs


class DelegationSerializer(ModelSerializer):
    head = EventRelatedField(
        queryset=Guest.objects.all(), allow_null=True, required=False,
        help_text="The head of delegation: one of its members (change it here or with set-head).",
    )
    liaison_officer = EventRelatedField(queryset=Staff.objects.all(), allow_null=True, required=False)
    interpreter = EventRelatedField(queryset=Staff.objects.all(), allow_null=True, required=False)
    sessions = EventRelatedField(queryset=ProgrammeSession.objects.all(), many=True, required=False)
    member_count = serializers.IntegerField(read_only=True)
    precedence_position = serializers.SerializerMethodField()
    country_name = serializers.SerializerMethodField()

    class Meta:
        model = Delegation
        fields = [
            "id", "name", "country", "country_name", "kind", "language", "quota", "member_count", "head",
            "liaison_officer", "interpreter", "sessions", "precedence_override", "precedence_position",
            "public_notes", "internal_notes",
        ]

    def _precedence(self, delegation) -> tuple[int | None, str | None]:
        """(position, country name) from the view's order of precedence, (None, None) outside it."""
        precedence_map = self.context.get("precedence")
        return precedence_map().get(delegation.pk, (None, None)) if precedence_map else (None, None)

    def get_precedence_position(self, delegation) -> int | None:
        return self._precedence(delegation)[0]

    def get_country_name(self, delegation) -> str:
        from core.countries import country_name

        return self._precedence(delegation)[1] or country_name(delegation.country, "en")

    def validate_name(self, value):
        value = value.strip()
        queryset = Delegation.objects.filter(event=self.context["event"], name=value)
        if self.instance is not None:
            queryset = queryset.exclude(pk=self.instance.pk)
        if queryset.exists():
            raise serializers.ValidationError("The event already has a delegation with this name.")
        return value

    def validate_sessions(self, sessions):
        if len(sessions) > 500:
            raise serializers.ValidationError("At most 500 sessions.")
        return sessions

    def validate(self, attrs):
        event = self.context["event"]
        errors = membership.validate_staff_assignment(
            event, liaison_officer=attrs.get("liaison_officer"), interpreter=attrs.get("interpreter")
        )
        if errors:
            raise serializers.ValidationError(errors)
        if "quota" in attrs and self.instance is not None:
            try:
                membership.check_quota(self.instance, attrs["quota"])
            except membership.DelegationRuleError as exc:
                raise serializers.ValidationError({exc.field: exc.message}) from exc
        if "head" in attrs:
            head = attrs["head"]
            if self.instance is None:
                if head is not None:
                    raise serializers.ValidationError(
                        {"head": "A new delegation has no members yet; add the head through its members endpoint."}
                    )
            elif head is None:
                if membership.current_head(self.instance) is not None:
                    raise serializers.ValidationError(
                        {"head": "A delegation with members keeps exactly one head; choose another member instead."}
                    )
            elif head.delegation_id != self.instance.pk:
                raise serializers.ValidationError({"head": "Only a member of the delegation can be its head."})
        return attrs


class DelegationMemberSerializer(ModelSerializer):
    """A guest as a member of a delegation (read)."""

    role = serializers.CharField(source="delegation_role", read_only=True)
    status = serializers.CharField(read_only=True, help_text="The guest's registration status (see the guests API).")
    category = serializers.CharField(read_only=True, help_text="The guest's category (see the guests API).")
    is_head = serializers.SerializerMethodField()
    full_name = serializers.CharField(read_only=True)

    class Meta:
        model = Guest
        fields = [
            "id", "full_name", "family_name", "given_name", "native_name", "chinese_name", "country",
            "category", "role", "is_head", "status",
        ]
        read_only_fields = fields

    def get_is_head(self, guest) -> bool:
        return guest.pk == self.context.get("head_id")


class MemberUpdateSerializer(serializers.Serializer):
    role = serializers.CharField(max_length=100, required=False, allow_blank=True, help_text="Role in the delegation.")
    is_head = serializers.BooleanField(required=False)


class AddMemberSerializer(MemberUpdateSerializer):
    guest = EventRelatedField(queryset=Guest.objects.all())


class SetHeadSerializer(serializers.Serializer):
    guest = EventRelatedField(queryset=Guest.objects.all())


class ItineraryItemSerializer(ModelSerializer):
    title = MultilingualTextField(max_text_length=500)
    description = MultilingualTextField(max_text_length=5000, required_text=False, required=False)
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    start_timezone = TimeZoneField(required=False, help_text="IANA zone of the start; default: the venue's or the event's.")
    end_timezone = TimeZoneField(required=False, help_text="IANA zone of the end; default: the start's.")
    venue = EventRelatedField(queryset=Venue.objects.all(), allow_null=True, required=False)
    delegation = EventRelatedField(queryset=Delegation.objects.all(), allow_null=True, required=False)
    guests = EventRelatedField(queryset=Guest.objects.all(), many=True, required=False)
    liaison_officer = EventRelatedField(queryset=Staff.objects.all(), allow_null=True, required=False)
    interpreter = EventRelatedField(queryset=Staff.objects.all(), allow_null=True, required=False)
    driver = EventRelatedField(queryset=Staff.objects.all(), allow_null=True, required=False)
    vehicle = EventRelatedField(queryset=Vehicle.objects.all(), allow_null=True, required=False)
    programme_session = EventRelatedField(queryset=ProgrammeSession.objects.all(), allow_null=True, required=False)
    flight_number = serializers.CharField(max_length=12, required=False, allow_blank=True, help_text="e.g. KC891 or CZ 6011")

    class Meta:
        model = ItineraryItem
        fields = [
            "id", "uid", "sequence", "kind", "status", "title", "description", "internal_notes",
            "start", "start_timezone", "end", "end_timezone", "venue", "location_text", "location_address",
            "delegation", "guests", "liaison_officer", "interpreter", "driver", "vehicle", "flight_number", "terminal",
            "programme_session", "calendar_changed_at", "updated_at",
        ]
        read_only_fields = ["uid", "sequence", "calendar_changed_at", "updated_at"]

    def validate_guests(self, guests):
        if len(guests) > MAX_PARTICIPANTS:
            raise serializers.ValidationError(f"At most {MAX_PARTICIPANTS} guests per item.")
        return guests

    def validate_flight_number(self, value):
        value = " ".join(value.split()).upper()
        if value:
            try:
                flight_number_validator(value)
            except DjangoValidationError as exc:
                raise serializers.ValidationError(exc.messages) from exc
        return value
    # Time zones, order of start and end, objects of other events and the staff roles are checked
    # by delegations.domain.items.save_item, for the API and the admin alike.


def _staff_brief(staff):
    if staff is None:
        return None
    return {"id": staff.pk, "full_name": staff.full_name, "chinese_name": staff.chinese_name, "role": staff.role,
            "phone": staff.phone, "email": staff.email}


def entry_data(entry, event_tz, language=None) -> dict:
    """An itinerary entry as JSON: times as instants, on the event's clock and on the local clock
    of the place (start and end may be in different zones). Internal notes are never included."""
    venue = entry.venue
    return {
        "source": entry.source,
        "id": entry.obj.pk,
        "uid": str(entry.uid),
        "sequence": entry.sequence,
        "kind": entry.kind,
        "status": entry.status,
        "title": entry.title,
        "description": entry.description,
        "display_title": localized(entry.title, language),
        "start": entry.start.isoformat(),
        "end": entry.end.isoformat(),
        "start_timezone": entry.start_timezone,
        "end_timezone": entry.end_timezone,
        "start_local": entry.local_start.isoformat(),
        "end_local": entry.local_end.isoformat(),
        "start_event_time": entry.start.astimezone(event_tz).isoformat(),
        "end_event_time": entry.end.astimezone(event_tz).isoformat(),
        "venue": None if venue is None else {"id": venue.pk, "name": venue.name, "address": venue.address},
        "location_text": entry.location_text,
        "location_address": entry.location_address,
        "flight_number": entry.flight_number,
        "terminal": entry.terminal,
        "delegation": entry.delegation.pk if entry.delegation is not None else None,
        "vehicle": None if entry.vehicle is None else {
            "id": entry.vehicle.pk, "plate": entry.vehicle.plate, "capacity": entry.vehicle.capacity
        },
        "liaison_officer": _staff_brief(entry.liaison_officer),
        "interpreter": _staff_brief(entry.interpreter),
        "driver": _staff_brief(entry.driver),
        "calendar_changed_at": entry.calendar_changed_at.isoformat(),
    }


class SavedItineraryItemSerializer(ItineraryItemSerializer):
    """Documentation only: a created or changed item, with the clashes it now has (saved anyway)."""

    warnings = serializers.ListField(child=serializers.DictField(), read_only=True,
                                     help_text="Clashes with other items, sessions, guests, staff or vehicles.")

    class Meta(ItineraryItemSerializer.Meta):
        fields = [*ItineraryItemSerializer.Meta.fields, "warnings"]


class CancelledItineraryItemSerializer(ItineraryItemSerializer):
    """Documentation only: DELETE of a confirmed item cancels it (calendars learn of it) and answers with it."""

    result = serializers.ChoiceField(choices=["cancelled"], read_only=True)

    class Meta(ItineraryItemSerializer.Meta):
        fields = [*ItineraryItemSerializer.Meta.fields, "result"]
