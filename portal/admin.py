"""Focal points and nominations in the admin: read-only records (changes go through the API and the
portal's domain operations), scoped per event and right through events/admin_scope.py. The
nomination list is the office's review queue: filter "waits for review", see what changed."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from audit.domain import Actor
from core.admin import NoAddOrDeleteAdmin
from events.admin_scope import EventScopedAdmin, event_action
from events.domain import access
from events.models import GuestStatus

from .domain import access as portal_access
from .domain.focal_points import send_invitation
from .domain.review import changes_since_approval
from .models import FocalPoint, Nomination
from .web import base_url


@admin.register(FocalPoint)
class FocalPointAdmin(NoAddOrDeleteAdmin, EventScopedAdmin):
    view_right = access.MANAGE_DELEGATIONS
    change_right = access.MANAGE_DELEGATIONS
    list_display = ["name", "email", "language", "delegation", "created_at", "event"]
    list_filter = ["language", "event"]
    search_fields = ["name", "email"]
    fields = ["event", "delegation", "name", "email", "language", "created_by", "created_at"]
    readonly_fields = fields
    actions = ["resend", "revoke"]

    @event_action(right=access.MANAGE_DELEGATIONS, description=_("E-mail a new sign-in link"))
    def resend(self, request, queryset):
        for point in queryset.select_related("event", "delegation"):
            send_invitation(point, base_url=base_url(request), by=Actor.for_request(request))
        self.message_user(request, _("Links sent: %(count)s") % {"count": queryset.count()})

    @event_action(right=access.MANAGE_DELEGATIONS, description=_("End their portal sessions"))
    def revoke(self, request, queryset):
        ended = sum(portal_access.revoke_sessions(point, by=Actor.for_request(request)) for point in queryset)
        self.message_user(request, _("Sessions ended: %(count)s") % {"count": ended})


class WaitsForReview(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [("waiting", _("Waits for the office")), ("again", _("Changed since approval"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(guest__status=GuestStatus.REGISTERED)
        if self.value() == "again":
            return queryset.filter(guest__status=GuestStatus.REGISTERED).exclude(approved_values={})
        return queryset


@admin.register(Nomination)
class NominationAdmin(NoAddOrDeleteAdmin, EventScopedAdmin):
    event_path = "guest__event"
    view_right = access.VIEW_GUESTS
    change_right = access.DECIDE_GUESTS
    list_display = ["guest", "status", "delegation", "focal_point", "changes", "updated_at"]
    list_filter = [WaitsForReview, "guest__status"]
    fields = ["guest", "focal_point", "public_reason", "changes", "created_at", "updated_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("guest", "guest__delegation", "focal_point")

    @admin.display(description=_("status"))
    def status(self, nomination):
        return nomination.guest.get_status_display()

    @admin.display(description=_("delegation"))
    def delegation(self, nomination):
        return nomination.guest.delegation or "—"

    @admin.display(description=_("changed since approval"))
    def changes(self, nomination):
        found = changes_since_approval(nomination)
        return ", ".join(sorted(found)) or "—"
