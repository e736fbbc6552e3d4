"""What the delegation admins share, and the admins of staff, vehicles, hotels and stays (saved and
deleted through delegations.domain.logistics). delegations/admin.py imports this module."""
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from core.admin import DeletedThroughDomain
from events.admin import values_before
from events.admin_scope import EventScopedAdmin, EventScopedTabularInline
from events.domain import access

from .domain import logistics
from .models import Hotel, HotelStay, Staff, Vehicle


class ScopedAdmin(EventScopedAdmin):
    view_right = access.VIEW_GUESTS
    change_right = access.MANAGE_DELEGATIONS


def changed_values(obj, form, *, skip=()) -> dict:
    """The plain fields the form changed, as the form has put them on `obj`."""
    plain = {field.name for field in obj._meta.concrete_fields}
    return {name: getattr(obj, name) for name in form.changed_data if name in plain and name not in skip}


class LogisticsAdmin(DeletedThroughDomain, ScopedAdmin):
    """Staff, vehicles, hotels and stays: saved and deleted through delegations.domain.logistics."""

    domain_delete = logistics.delete_record

    def save_model(self, request, obj, form, change):
        values = changed_values(obj, form)
        if change:
            logistics.update_record(obj, values, by=request.user, before=values_before(form))
        else:
            logistics.create_record(type(obj), values, by=request.user, instance=obj)


@admin.register(Staff)
class StaffAdmin(LogisticsAdmin):
    list_display = ["full_name", "chinese_name", "role", "phone", "email", "languages", "event"]
    list_filter = ["event", "role"]
    search_fields = ["full_name", "chinese_name"]
    raw_id_fields = ["user", "guest"]


@admin.register(Vehicle)
class VehicleAdmin(LogisticsAdmin):
    list_display = ["plate", "capacity", "description", "driver", "event"]
    list_filter = ["event"]
    search_fields = ["plate"]


class HotelStayForm(forms.ModelForm):
    class Meta:
        model = HotelStay
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        hotel = cleaned.get("hotel") or getattr(self.instance, "hotel", None)
        if hotel is not None and any(g.event_id != hotel.event_id for g in cleaned.get("shared_with") or ()):
            raise ValidationError({"shared_with": "A guest of another event was chosen."})
        return cleaned


class HotelStayInline(EventScopedTabularInline):
    model = HotelStay
    event_path = "hotel__event"
    view_right = access.VIEW_GUESTS
    change_right = access.MANAGE_DELEGATIONS
    form = HotelStayForm
    extra = 0
    raw_id_fields = ["guest", "shared_with"]


@admin.register(Hotel)
class HotelAdmin(LogisticsAdmin):
    list_display = ["__str__", "address", "phone", "event"]
    list_filter = ["event"]
    inlines = [HotelStayInline]


@admin.register(HotelStay)
class HotelStayAdmin(LogisticsAdmin):
    form = HotelStayForm
    event_path = "hotel__event"
    list_display = ["guest", "hotel", "room_number", "check_in", "check_out"]
    list_filter = ["hotel__event", "hotel"]
    list_select_related = ["guest", "hotel"]
    raw_id_fields = ["guest", "shared_with"]
