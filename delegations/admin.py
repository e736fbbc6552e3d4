from django.contrib import admin

from backend.admin_scope import EventScopedAdmin
from delegations.models import Delegation
from events.domain import access


@admin.register(Delegation)
class DelegationAdmin(EventScopedAdmin):
    view_right = access.VIEW_GUESTS
    change_right = access.MANAGE_DELEGATIONS
    list_display = ["name", "country", "kind", "event"]
    list_filter = ["event", "kind"]
    search_fields = ["name"]
