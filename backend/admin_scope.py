"""Admin plumbing: staff users see only the events they are members of, with the rights of
their role there (superusers see everything)."""
from django.contrib import admin

from events.domain import access


class EventScopedAdmin(admin.ModelAdmin):
    """For models with an `event` foreign key (set `event_path` for deeper relations)."""

    event_path = "event"
    view_right = access.VIEW_EVENT
    change_right = access.CHANGE_EVENT

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.event_path}__memberships__user": request.user}).distinct()

    def event_of(self, obj):
        for part in self.event_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def _has(self, request, right, obj=None):
        if request.user.is_superuser:
            return True
        if not request.user.is_active or not request.user.is_staff:
            return False
        if obj is not None:
            return access.has_right(request.user, self.event_of(obj), right)
        return any(right in access.ROLE_RIGHTS.get(role, ()) for role in
                   request.user.event_memberships.values_list("role", flat=True))

    def has_module_permission(self, request):
        return self._has(request, self.view_right)

    def has_view_permission(self, request, obj=None):
        return self._has(request, self.view_right, obj)

    def has_change_permission(self, request, obj=None):
        return self._has(request, self.change_right, obj)

    def has_add_permission(self, request):
        return self._has(request, self.change_right)

    def has_delete_permission(self, request, obj=None):
        return self._has(request, self.change_right, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from events.models import Event

        if db_field.related_model is Event and not request.user.is_superuser:
            kwargs["queryset"] = access.events_visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
