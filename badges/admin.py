from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from badges.domain import badge_templates as template_domain
from badges.domain import batches as batch_domain
from badges.domain import zones as zone_domain
from badges.domain.issuing import BadgeNotAllowed, delete_badge, reprint_badge, revoke_badge
from badges.domain.templates import get_default_template
from badges.models import AccessZone, Badge, BadgeBatch, BadgeTemplate
from core.admin import DeletedThroughDomain
from events.admin import values_before
from events.admin_scope import EventScopedAdmin, event_action
from events.domain import access


@event_action(right=access.MANAGE_BADGES, description=_("Print badges"))
def print_badges_action(modeladmin, request, queryset):
    """Admin action for the guest list: one badge batch per event of the selected guests.
    (add_print_action_to_guest_admin adds it to the guest admin.)"""
    guests = queryset.select_related("event")
    by_event = {}
    for guest in guests:
        by_event.setdefault(guest.event, []).append(guest.pk)
    if not by_event:
        modeladmin.message_user(request, _("No guests selected."), messages.WARNING)
        return
    for event, guest_ids in by_event.items():
        if not access.has_right(request.user, event, access.MANAGE_BADGES):
            modeladmin.message_user(request, format_html(_("{}: your role may not print badges."), event), messages.ERROR)
            continue
        try:
            batch = batch_domain.queue_batch(event, get_default_template(event), {"guest_ids": guest_ids}, request.user)
        except batch_domain.EmptySelection as exc:
            modeladmin.message_user(request, format_html("{}: {}", event, exc), messages.WARNING)
            continue
        url = reverse("admin:badges_badgebatch_change", args=[batch.pk])
        modeladmin.message_user(
            request, format_html(_('{}: <a href="{}">badge batch {}</a> queued for {} guests.'),
                                 event, url, batch.pk, len(guest_ids)), messages.SUCCESS,
        )


class BadgeAdminBase(EventScopedAdmin):
    view_right = access.VIEW_GUESTS
    change_right = access.MANAGE_BADGES


def changed_values(obj, form, *, skip=("event",)) -> dict:
    """The fields the form changed, as the form has put them on `obj`."""
    return {name: getattr(obj, name) for name in form.changed_data if name not in skip}


class DomainSavedAdmin(DeletedThroughDomain, BadgeAdminBase):
    """Saved and deleted through the domain operations `domain_create`, `domain_update` and `domain_delete` (audited)."""

    domain_create = domain_update = None

    def save_model(self, request, obj, form, change):
        values = changed_values(obj, form)
        if change:
            type(self).domain_update(obj, values, by=request.user, before=values_before(form))
        else:
            type(self).domain_create(obj.event, values, by=request.user, instance=obj)


@admin.register(AccessZone)
class AccessZoneAdmin(DomainSavedAdmin):
    list_display = ["code", "__str__", "event", "bit", "colour", "default_for_all"]
    list_filter = ["event"]
    readonly_fields = ["bit"]
    domain_create, domain_update, domain_delete = zone_domain.create_zone, zone_domain.update_zone, zone_domain.delete_zone

    def get_deleted_objects(self, objs, request):
        # A zone on a badge is not deleted (badges.domain.zones): the admin shows the badges as protecting it.
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        carrying = Badge.objects.filter(zones__in=list(objs)).distinct().order_by("id")[:50]
        return to_delete, model_count, perms_needed, [*protected, *(str(badge) for badge in carrying)]


@admin.register(BadgeTemplate)
class BadgeTemplateAdmin(DomainSavedAdmin):
    list_display = ["name", "event", "size", "orientation", "sheet_layout", "is_default"]
    list_filter = ["event"]
    domain_create, domain_update, domain_delete = (template_domain.create_template, template_domain.update_template,
                                                   template_domain.delete_template)


@admin.register(Badge)
class BadgeAdmin(DeletedThroughDomain, BadgeAdminBase):
    list_display = ["id", "guest", "event", "version", "status", "printed_at", "revoked_at"]
    list_filter = ["event", "status"]
    list_select_related = ["guest", "event"]
    # Zones and validity are printed into the QR code: they change only with a reprint (API).
    readonly_fields = ["event", "guest", "version", "status", "zones", "valid_from", "valid_until", "issued_at",
                       "printed_at", "revoked_at", "revoked_reason"]
    fields = ["event", "guest", "version", "status", "zones", "valid_from", "valid_until", "issued_at", "printed_at",
              "revoked_at", "revoked_reason"]
    actions = ["reprint_selected", "revoke_selected"]
    domain_delete = delete_badge

    def has_add_permission(self, request):
        return False


    @admin.action(description=_("Reprint (new version, old code stops working)"))
    def reprint_selected(self, request, queryset):
        count = 0
        for badge in queryset.select_related("event"):
            try:
                reprint_badge(badge, reason="admin", by=request.user)
            except BadgeNotAllowed:  # the guest is no longer approved
                continue
            count += 1
        self.message_user(request, format_html(_("{} badges reprinted."), count))

    @admin.action(description=_("Revoke"))
    def revoke_selected(self, request, queryset):
        count = 0
        for badge in queryset.select_related("event"):
            revoke_badge(badge, reason="revoked in admin", by=request.user)
            count += 1
        self.message_user(request, format_html(_("{} badges revoked."), count))


@admin.register(BadgeBatch)
class BadgeBatchAdmin(BadgeAdminBase):
    view_right = access.MANAGE_BADGES
    list_display = ["id", "event", "status", "done", "total", "created_at", "download"]
    list_filter = ["event", "status"]
    readonly_fields = ["event", "template", "selection", "status", "total", "done", "problems", "error", "file_size",
                       "attempts", "created_by", "created_at", "started_at", "finished_at", "download"]
    exclude = ["guest_ids", "file_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("PDF"))
    def download(self, obj):
        url = obj.download_path()
        if url is None:
            return "—"
        return format_html('<a href="{}">{}</a>', url, _("Download"))


def add_print_action_to_guest_admin(site=admin.site) -> None:
    """The guest list offers "Print badges"; events does not know badges, so badges adds it."""
    import events.admin  # noqa: F401 - registers the guest admin (events comes first in INSTALLED_APPS anyway)
    from events.models import Guest

    guest_admin = site.get_model_admin(Guest)
    if print_badges_action not in guest_admin.actions:
        guest_admin.actions = [*guest_admin.actions, print_badges_action]


add_print_action_to_guest_admin()
