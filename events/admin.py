from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import DeletedOneByOne
from core.images import PhotoFormField
from events.admin_scope import EventScopedAdmin, EventScopedTabularInline, event_action
from events.domain import access, deletion, event_setup, guests
from events.domain.guest_status import apply_bulk
from events.domain.masking import mask_date, mask_passport
from events.models import Event, EventMembership, Guest, ProgrammeSession, Venue
from events.models.search_text import fold


def values_before(form) -> dict:
    """What the changed fields held before the form assigned its values (for the audit trail)."""
    return {name: form.initial.get(name) for name in form.changed_data}


def save_memberships(request, event, formset) -> None:
    """Memberships edited in a form(set): through the domain operations, like the API."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []  # for the admin's log
    try:
        for form in formset.deleted_forms:
            if form.instance.pk:
                event_setup.remove_member(form.instance, by=request.user)
                formset.deleted_objects.append(form.instance)
        for form in formset.forms:
            if form in formset.deleted_forms or not form.has_changed():
                continue
            values = {name: form.cleaned_data[name] for name in form.changed_data if name in MEMBERSHIP_FIELDS}
            if form.instance.pk:
                event_setup.change_member(form.instance, values, by=request.user, before=values_before(form))
                formset.changed_objects.append((form.instance, form.changed_data))
            else:
                formset.new_objects.append(event_setup.add_member(
                    event, {name: getattr(form.instance, name) for name in MEMBERSHIP_FIELDS}, by=request.user))
    except event_setup.LastOwner as refused:
        messages.error(request, str(refused))


MEMBERSHIP_FIELDS = ("user", "role", "phone")


class MembershipInline(EventScopedTabularInline):
    model = EventMembership
    view_right = access.MANAGE_MEMBERS
    change_right = access.MANAGE_MEMBERS
    any_user_fields = ["user"]
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Event)
class EventAdmin(DeletedOneByOne, EventScopedAdmin):
    event_path = "pk"
    list_display = ["slug", "__str__", "start_date", "end_date", "status", "timezone"]
    list_filter = ["status"]
    search_fields = ["slug", "name"]
    inlines = [MembershipInline]

    def has_add_permission(self, request):
        return request.user.has_perm("events.add_event")

    def get_readonly_fields(self, request, obj=None):
        # Retention and legal hold decide when personal data is erased: owners only.
        owner = obj is None or access.has_right(request.user, obj, access.EXPORT_PERSONAL_DATA)
        return [*super().get_readonly_fields(request, obj), *([] if owner else ["retention_days", "legal_hold"])]

    def has_delete_permission(self, request, obj=None):
        return self._has(request, deletion.EVENT_DELETION_RIGHT, obj)

    def save_model(self, request, obj, form, change):
        values = {name: getattr(obj, name) for name in form.changed_data}
        if change:
            event_setup.update_event(obj, values, by=request.user, before=values_before(form))
        else:
            event_setup.create_event(values, by=request.user, instance=obj, owner=False)

    def save_formset(self, request, form, formset, change):
        if formset.model is EventMembership:
            save_memberships(request, form.instance, formset)
        else:
            super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        deletion.delete_event(obj, confirm=obj.slug, by=request.user)  # the admin's confirmation page was the confirmation


@admin.register(Venue)
class VenueAdmin(EventScopedAdmin):
    list_display = ["__str__", "event", "timezone", "latitude", "longitude"]
    list_filter = ["event"]
    search_fields = ["name", "address"]


@admin.register(ProgrammeSession)
class ProgrammeSessionAdmin(EventScopedAdmin):
    list_display = ["__str__", "event", "kind", "start", "end", "venue", "is_cancelled", "sequence"]
    list_filter = ["event", "kind", "is_cancelled"]
    search_fields = ["title"]
    readonly_fields = ["uid", "sequence", "calendar_changed_at"]


class GuestAdminForm(forms.ModelForm):
    class Meta:
        model = Guest
        fields = "__all__"
        field_classes = {"photo": PhotoFormField}


@admin.register(Guest)
class GuestAdmin(EventScopedAdmin):
    form = GuestAdminForm
    view_right = access.VIEW_GUESTS
    change_right = access.CHANGE_GUESTS
    list_display = ["name", "native_name", "chinese_name", "country", "category", "delegation", "status", "event"]
    list_filter = ["event", "status", "category", "country", "delegation"]
    list_select_related = ["event", "delegation"]
    search_fields = ["family_name"]  # replaced by the folded multi-script search below
    # Delegation membership is managed on the delegation (quota and head-of-delegation rules).
    readonly_fields = ["status", "delegation", "delegation_role", "status_changed_at", "created_at", "updated_at",
                       "history"]
    actions = ["approve_selected", "reject_selected", "cancel_selected"]  # badges.admin adds "print badges"
    fieldsets = [
        (None, {"fields": ["event", "status", "category", "delegation", "delegation_role"]}),
        (_("Name"), {"fields": ["honorific", "family_name", "given_name", "native_name", "chinese_name", "gender"]}),
        (_("Position"), {"fields": ["position", "organization", "country", "language", "email", "dietary", "photo"]}),
        (_("Passport"), {"fields": ["passport_number", "passport_expiry", "date_of_birth"]}),
        (_("Travel"), {"fields": ["arrival_flight", "arrival_time", "departure_flight", "departure_time"]}),
        (_("Internal"), {"fields": ["internal_notes", "external_ref", "status_changed_at", "created_at", "updated_at", "history"]}),
    ]

    @admin.display(description=_("history"))
    def history(self, obj):
        """Everything recorded about this guest (the audit log; owners may read it)."""
        if obj is None or obj.pk is None:
            return "—"
        return format_html('<a href="/api/v1/events/{}/audit-log/?guest={}">{}</a>', obj.event.slug, obj.pk,
                           _("audit log of this guest"))

    @admin.display(description=_("name"), ordering="family_name")
    def name(self, guest):
        return guest.full_name

    def get_search_results(self, request, queryset, search_term):
        for term in fold(search_term.replace("\x00", ""))[:200].split()[:8]:
            queryset = queryset.filter(search_text__contains=term)
        return queryset, False

    def _may_see_passport(self, request, obj):
        return obj is None or access.has_right(request.user, obj.event, access.VIEW_PASSPORT)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._may_see_passport(request, obj):
            return fieldsets
        return [
            (title, {**opts, "fields": [
                {"passport_number": "masked_passport_number", "date_of_birth": "masked_date_of_birth"}.get(f, f)
                for f in opts["fields"]
            ]})
            for title, opts in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self._may_see_passport(request, obj):
            fields += ["masked_passport_number", "masked_date_of_birth"]
        return fields

    @admin.display(description=_("passport number"))
    def masked_passport_number(self, obj):
        return mask_passport(obj.passport_number)

    @admin.display(description=_("date of birth"))
    def masked_date_of_birth(self, obj):
        return mask_date(obj.date_of_birth) or "—"

    def _bulk(self, request, queryset, action, label):
        changed, skipped = apply_bulk(queryset, action, by=request.user)
        self.message_user(request, format_html(_("{} guests {}; {} skipped (status does not allow it)."),
                                               changed, label, skipped),
                          messages.SUCCESS if not skipped else messages.WARNING)

    def save_model(self, request, obj, form, change):
        # The form has put its values on obj already; the domain operation saves them.
        values = {name: getattr(obj, name) for name in form.changed_data if name not in guests.NOT_EDITABLE}
        if change:
            guests.update_guest(obj, values, by=request.user, before=values_before(form))
        else:
            guests.create_guest(obj.event, values, by=request.user, instance=obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or deletion.guest_deletion_refusal(request.user, obj) is None)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        guest = self.get_object(request, unquote(object_id)) if request.method == "GET" else None
        if guest is not None and response.status_code == 200:
            guests.record_passport_view(request.user, guest, path=request.path)
        return response

    def delete_view(self, request, object_id, extra_context=None):
        guest = self.get_object(request, unquote(object_id))
        may_delete_guests = guest is not None and super().has_delete_permission(request, guest)
        refusal = may_delete_guests and deletion.guest_deletion_refusal(request.user, guest)
        if refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return redirect("admin:events_guest_change", guest.pk)
        return super().delete_view(request, object_id, extra_context)

    def delete_model(self, request, obj):
        deletion.delete_guests([obj], by=request.user)

    def delete_queryset(self, request, queryset):
        deletion.delete_guests(queryset, by=request.user)

    @event_action(right=access.DECIDE_GUESTS, description=_("Approve selected guests"))
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve", _("approved"))

    @event_action(right=access.DECIDE_GUESTS, description=_("Reject selected guests"))
    def reject_selected(self, request, queryset):
        self._bulk(request, queryset, "reject", _("rejected"))

    @event_action(right=access.DECIDE_GUESTS, description=_("Cancel selected guests"))
    def cancel_selected(self, request, queryset):
        self._bulk(request, queryset, "cancel", _("cancelled"))


@admin.register(EventMembership)
class EventMembershipAdmin(DeletedOneByOne, EventScopedAdmin):
    view_right = access.VIEW_EVENT
    change_right = access.MANAGE_MEMBERS
    list_display = ["user", "event", "role", "phone"]
    list_filter = ["event", "role"]
    any_user_fields = ["user"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        if change:
            values = {name: getattr(obj, name) for name in form.changed_data if name in MEMBERSHIP_FIELDS}
            try:
                event_setup.change_member(obj, values, by=request.user, before=values_before(form))
            except event_setup.LastOwner as refused:
                messages.error(request, str(refused))
        else:
            values = {name: getattr(obj, name) for name in MEMBERSHIP_FIELDS}
            obj.pk = event_setup.add_member(obj.event, values, by=request.user).pk

    def delete_model(self, request, obj):
        try:
            event_setup.remove_member(obj, by=request.user)
        except event_setup.LastOwner as refused:
            messages.error(request, str(refused))
