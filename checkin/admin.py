from django.contrib import admin

from events.admin_scope import EventScopedAdmin
from events.domain import access

from .models import Checkpoint, Scan, ZonePolicy, ZonePresence


@admin.register(Checkpoint)
class CheckpointAdmin(EventScopedAdmin):
    list_display = ["__str__", "event", "direction", "is_active"]
    list_filter = ["event", "direction", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["zones"]


@admin.register(ZonePolicy)
class ZonePolicyAdmin(EventScopedAdmin):
    event_path = "zone__event"
    list_display = ["zone", "reentry"]
    list_filter = ["reentry"]


class ReadOnlyScopedAdmin(EventScopedAdmin):
    view_right = access.VIEW_ATTENDANCE

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Scan)
class ScanAdmin(ReadOnlyScopedAdmin):
    list_display = ["scanned_at", "checkpoint", "direction", "result", "guest", "scanned_by", "offline"]
    list_filter = ["event", "result", "direction", "offline", "checkpoint"]
    list_select_related = ["checkpoint", "guest", "scanned_by"]
    date_hierarchy = "scanned_at"
    exclude = ["response"]


@admin.register(ZonePresence)
class ZonePresenceAdmin(ReadOnlyScopedAdmin):
    list_display = ["guest", "zone", "inside", "entries", "first_entry_at", "last_entry_at", "last_exit_at"]
    list_filter = ["event", "inside", "zone"]
    list_select_related = ["guest", "zone"]
