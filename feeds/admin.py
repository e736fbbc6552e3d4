from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from events.admin_scope import EventScopedAdmin
from events.domain import access
from feeds.domain.tokens import revoke_feed
from feeds.models import FeedToken


@admin.register(FeedToken)
class FeedTokenAdmin(EventScopedAdmin):
    """Feeds are created through the API (which shows the secret URL once it exists); the admin
    lists them and can revoke them. It never shows the token."""

    view_right = access.VIEW_GUESTS
    change_right = access.MANAGE_DELEGATIONS
    list_display = ["id", "event", "scope", "target_display", "language", "label", "created_at", "revoked_at"]
    list_filter = ["event", "scope", "language"]
    search_fields = ["label"]
    fields = ["event", "scope", "delegation", "guest", "staff", "vehicle", "language", "label", "created_by",
              "created_at", "rotated_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    @admin.display(description=_("for"))
    def target_display(self, feed):
        return str(feed.target) if feed.target is not None else "—"

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected feeds"))
    def revoke(self, request, queryset):
        for feed in queryset:
            revoke_feed(feed, by=request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("event", "delegation", "guest", "staff", "vehicle")
