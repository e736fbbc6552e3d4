from django.contrib import admin

from core.admin import DeletedThroughDomain, ReadOnlyAdmin
from events.admin import values_before
from events.admin_scope import EventScopedAdmin
from events.domain import access

from .domain import checkpoints
from .models import Checkpoint, Scan, ZonePolicy, ZonePresence


@admin.register(Checkpoint)
class CheckpointAdmin(DeletedThroughDomain, EventScopedAdmin):
    list_display = ["__str__", "event", "direction", "is_active"]
    list_filter = ["event", "direction", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["zones"]
    domain_delete = checkpoints.delete_checkpoint

    def save_model(self, request, obj, form, change):
        # Saved through checkin.domain.checkpoints (audited), the zones with it (not by save_related).
        values = {name: form.cleaned_data[name] if name == "zones" else getattr(obj, name)
                  for name in form.changed_data if name != "event"}
        if change:
            checkpoints.update_checkpoint(obj, values, by=request.user, before=values_before(form))
        else:
            checkpoints.create_checkpoint(obj.event, values, by=request.user, instance=obj)

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(ZonePolicy)
class ZonePolicyAdmin(EventScopedAdmin):
    event_path = "zone__event"
    list_display = ["zone", "reentry"]
    list_filter = ["reentry"]


class ReadOnlyScopedAdmin(ReadOnlyAdmin, EventScopedAdmin):
    view_right = access.VIEW_ATTENDANCE


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
