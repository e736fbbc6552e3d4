from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.domain.tokens import revoke_token
from accounts.models import ApiToken
from core.admin import NoAddOrDeleteAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(NoAddOrDeleteAdmin, admin.ModelAdmin):
    """Superusers see every token (never a key: the database has none) and can revoke them, e.g.
    a lost scanner's. Tokens are created by their owners (API) or with `manage.py create_api_token`."""

    list_display = ["prefix", "name", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix", "user__username"]
    fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        for token in queryset:
            revoke_token(token)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")
