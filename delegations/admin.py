from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import DeletedThroughDomain
from events.admin import values_before
from events.domain import access
from events.models import Event, Guest

from .admin_logistics import ScopedAdmin, changed_values
from .domain import conflicts as conflict_checks
from .domain import delegations, membership
from .domain.errors import DelegationRuleError
from .domain.items import delete_item, item_errors, save_item
from .domain.precedence import precedence_order
from .models import Delegation, ItineraryItem, Staff


def with_precedence(queryset):
    """Annotates each delegation's position in its event's protocol order (for the list)."""
    positions = {}
    for event in Event.objects.filter(pk__in=queryset.values("event_id")):
        order = precedence_order(event, Delegation.objects.filter(event=event).only("id", "name", "country", "precedence_override"))
        positions.update({entry.delegation.pk: entry.position for entry in order.entries})
    whens = [When(pk=pk, then=Value(position)) for pk, position in positions.items()]
    return queryset.annotate(
        precedence_position=Case(*whens, default=Value(0), output_field=IntegerField()) if whens else Value(0)
    ).order_by("event", "precedence_position", "name")


class PrecedenceChangeList(ChangeList):
    """The delegation list, in protocol order: computed for the list only, once per page."""

    def get_queryset(self, request, exclude_parameters=None):
        if not getattr(self, "_with_precedence", False):
            self.root_queryset = with_precedence(self.root_queryset)
            self._with_precedence = True
        return super().get_queryset(request, exclude_parameters)


def conflicts_html(clashes):
    if not clashes:
        return format_html('<span style="color:#2e7d32">{}</span>', _("No conflicts."))
    return format_html(
        '<ul style="margin:0;padding-left:1.2em">{}</ul>',
        format_html_join("", '<li style="color:#b71c1c"><strong>{}</strong>: {}</li>',
                         ((clash.code.replace("_", " "), clash.message) for clash in clashes)),
    )


def _event_clashes(request, event):
    """Conflicts of one event, computed once per request."""
    cache = request.__dict__.setdefault("_liaison_conflicts", {})
    if event.pk not in cache:
        cache[event.pk] = conflict_checks.event_conflicts(event)
    return cache[event.pk]


class DelegationAdminForm(forms.ModelForm):
    add_members = forms.ModelMultipleChoiceField(
        queryset=Guest.objects.none(), required=False, label=_("Add members"),
        help_text=_("Guests of the event who are in no delegation yet."),
    )
    remove_members = forms.ModelMultipleChoiceField(queryset=Guest.objects.none(), required=False, label=_("Remove members"))

    class Meta:
        model = Delegation
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        event_id = self.instance.event_id
        if event_id:
            members = Guest.objects.filter(delegation_id=self.instance.pk)
            self.fields["add_members"].queryset = Guest.objects.filter(event_id=event_id, delegation__isnull=True)
            self.fields["remove_members"].queryset = members
            self.fields["head"].queryset = members
            for name in ("liaison_officer", "interpreter"):
                self.fields[name].queryset = Staff.objects.filter(event_id=event_id)
            self.fields["sessions"].queryset = self.fields["sessions"].queryset.filter(event_id=event_id)
        else:
            for name in ("add_members", "remove_members", "head"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Save the delegation first, then add its members.")

    def clean(self):
        cleaned = super().clean()
        event = cleaned.get("event") or getattr(self.instance, "event", None)
        if event is None:
            return cleaned
        errors = membership.validate_staff_assignment(
            event, liaison_officer=cleaned.get("liaison_officer"), interpreter=cleaned.get("interpreter")
        )
        if any(s.event_id != event.pk for s in cleaned.get("sessions") or ()):
            errors["sessions"] = "A session of another event was chosen."
        if self.instance.pk:
            current = set(Guest.objects.filter(delegation_id=self.instance.pk).values_list("pk", flat=True))
            after = (current | {g.pk for g in cleaned.get("add_members") or ()}) - {g.pk for g in cleaned.get("remove_members") or ()}
            quota = cleaned.get("quota")
            if quota is not None and len(after) > quota:
                errors["quota"] = f"The delegation would have {len(after)} members; its quota is {quota}."
            head = cleaned.get("head")
            if head is not None and head.pk not in after:
                errors["head"] = "The head must remain a member of the delegation."
            elif head is None and len(after) > 1:
                errors["head"] = "A delegation with several members needs exactly one head."
        if errors:
            raise ValidationError(errors)
        return cleaned


@admin.register(Delegation)
class DelegationAdmin(DeletedThroughDomain, ScopedAdmin):
    form = DelegationAdminForm
    domain_delete = delegations.delete_delegation
    list_display = ["precedence", "name", "country", "kind", "member_count", "head", "liaison_officer", "interpreter", "event"]
    list_display_links = ["name"]
    list_filter = ["event", "kind"]
    list_select_related = ["event", "head", "liaison_officer", "interpreter"]
    search_fields = ["name"]
    filter_horizontal = ["sessions"]
    readonly_fields = ["members_panel", "conflicts_panel"]
    fieldsets = [
        (None, {"fields": ["event", "name", "country", "kind", "language", "quota"]}),
        (_("Members"), {"fields": ["members_panel", "head", "add_members", "remove_members"]}),
        (_("Staff and programme"), {"fields": ["liaison_officer", "interpreter", "sessions"]}),
        (_("Protocol"), {"fields": ["precedence_override"]}),
        (_("Notes"), {"fields": ["public_notes", "internal_notes"]}),
        (_("Conflicts"), {"fields": ["conflicts_panel"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    def get_changelist(self, request, **kwargs):
        return PrecedenceChangeList

    @admin.display(description=_("precedence"), ordering="precedence_position")
    def precedence(self, obj):
        return obj.precedence_position

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count if obj.quota is None else f"{obj.member_count} / {obj.quota}"

    @admin.display(description=_("current members"))
    def members_panel(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        members = list(Guest.objects.filter(delegation=obj).order_by("family_name", "given_name"))
        head = membership.current_head(obj, [m.pk for m in members])
        if not members:
            return _("No members yet.")
        return format_html(
            "<ul style='margin:0;padding-left:1.2em'>{}</ul>",
            format_html_join("", "<li>{}{} <span style='color:#666'>{}</span></li>", (
                (member.full_name, " ★" if member.pk == head else "",
                 " · ".join(p for p in (member.native_name, member.chinese_name, member.delegation_role) if p))
                for member in members
            )),
        )

    @admin.display(description=_("conflicts"))
    def conflicts_panel(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return conflicts_html(conflict_checks.conflicts_for_delegation(obj))

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        # The head changes with the members, below (membership rules).
        obj.head_id = Delegation.objects.filter(pk=obj.pk).values_list("head_id", flat=True).first() if obj.pk else None
        values = changed_values(obj, form, skip=("head", "event"))
        if "sessions" in form.changed_data:
            values["sessions"] = form.cleaned_data["sessions"]
        if change:
            delegations.update_delegation(obj, values, by=request.user, before=values_before(form))
        else:
            delegations.create_delegation(obj.event, values, by=request.user, instance=obj)

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # the form's own many-to-many (sessions) went with the delegation
            self.save_formset(request, form, formset, change=change)
        head = form.cleaned_data.get("head")
        obj = form.instance
        try:
            with transaction.atomic():
                for guest in form.cleaned_data.get("add_members") or []:
                    membership.add_member(obj, guest, by=request.user)
                if head is not None:
                    membership.set_head(obj, head, by=request.user)
                for guest in form.cleaned_data.get("remove_members") or []:
                    membership.remove_member(obj, guest, by=request.user)
        except DelegationRuleError as error:
            messages.error(request, error.message)


class ItineraryItemAdminForm(forms.ModelForm):
    class Meta:
        model = ItineraryItem
        fields = "__all__"

    def clean(self):
        cleaned = super().clean()
        event = cleaned.get("event")
        if event is None:
            return cleaned
        values = {name: cleaned.get(name) for name in (
            "start", "end", "start_timezone", "end_timezone", "venue", "delegation", "vehicle", "programme_session",
            "liaison_officer", "interpreter", "driver",
        ) if name in cleaned}
        errors = item_errors(event, values, cleaned.get("guests"))
        if errors:
            raise ValidationError(errors)
        return cleaned


class ConflictFilter(admin.SimpleListFilter):
    title = _("conflicts")
    parameter_name = "conflicts"

    def lookups(self, request, model_admin):
        return [("yes", _("With conflicts")), ("no", _("Without conflicts"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        ids = set()
        for event in Event.objects.filter(pk__in=queryset.values("event_id")):
            for clash in _event_clashes(request, event):
                ids.update(clash.items)
        return queryset.filter(pk__in=ids) if self.value() == "yes" else queryset.exclude(pk__in=ids)


@admin.register(ItineraryItem)
class ItineraryItemAdmin(ScopedAdmin):
    form = ItineraryItemAdminForm
    list_display = ["__str__", "kind", "start", "end", "status", "delegation", "vehicle", "sequence", "event"]
    list_filter = ["event", ConflictFilter, "kind", "status", "delegation"]
    list_select_related = ["event", "delegation", "vehicle"]
    search_fields = ["title", "location_text", "flight_number"]
    filter_horizontal = ["guests"]
    readonly_fields = ["uid", "sequence", "calendar_changed_at", "conflicts_panel"]
    date_hierarchy = "start"
    fieldsets = [
        (None, {"fields": ["event", "kind", "status", "title", "description", "internal_notes", "programme_session"]}),
        (_("Time"), {"fields": ["start", "start_timezone", "end", "end_timezone"],
                     "description": _("Times are entered on the server's clock; the zones say on which local clock "
                                      "they are shown (a flight leaves in one zone and lands in another).")}),
        (_("Place"), {"fields": ["venue", "location_text", "location_address"]}),
        (_("Participants"), {"fields": ["delegation", "guests"]}),
        (_("Staff and transport"), {"fields": ["liaison_officer", "interpreter", "driver", "vehicle", "flight_number", "terminal"]}),
        (_("Conflicts"), {"fields": ["conflicts_panel"]}),
        (_("Calendar"), {"fields": ["uid", "sequence", "calendar_changed_at"]}),
    ]

    @admin.display(description=_("conflicts"))
    def conflicts_panel(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return conflicts_html(conflict_checks.conflicts_for_item(obj))

    def save_model(self, request, obj, form, change):
        guests = form.cleaned_data.get("guests") if "guests" in form.changed_data or not change else None
        values = changed_values(obj, form, skip=("event",))
        save_item(obj.event, values, instance=obj, guests=guests, by=request.user,  # the form has checked item_errors
                  before=values_before(form) if change else None)

    def save_related(self, request, form, formsets, change):
        # The participants were saved with the item.
        clashes = conflict_checks.conflicts_for_item(form.instance)
        for clash in clashes:
            messages.warning(request, f"{clash.code.replace('_', ' ')}: {clash.message}")

    def delete_model(self, request, obj):
        if delete_item(obj, by=request.user) == "cancelled":
            messages.info(request, _("The item was confirmed, so it is kept as cancelled (calendars need to learn of it)."))

    def delete_queryset(self, request, queryset):
        for item in queryset:
            delete_item(item, by=request.user)

    def get_urls(self):
        return [
            path("conflicts/", self.admin_site.admin_view(self.conflicts_view), name="delegations_conflicts"),
            *super().get_urls(),
        ]

    def conflicts_view(self, request):
        """Every conflict of every event the user may see."""
        if not self.has_view_permission(request):
            raise Http404
        events = access.events_with_right(request.user, self.view_right)
        rows = [(event, conflict_checks.event_conflicts(event)) for event in events]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Itinerary conflicts"),
            "rows": rows,
            "opts": self.model._meta,
            "item_url": reverse("admin:delegations_itineraryitem_changelist"),
        }
        return TemplateResponse(request, "admin/delegations/conflicts.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "conflicts_url": reverse("admin:delegations_conflicts")}
        return super().changelist_view(request, extra_context)
