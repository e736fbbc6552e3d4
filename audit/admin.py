"""The trail in the admin: read only, for superusers (organizers read it through the API, per event)."""
from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["created_at", "event_label", "actor_label", "action", "object_type", "object_label"]
    list_filter = ["actor_kind", "object_type"]
    search_fields = ["action", "object_label", "actor_label", "event_label"]
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def get_actions(self, request):
        return {}
