"""Admin plumbing: the one place that scopes every admin of event data per event *and* per right.

- Lists show a record only where the user holds the admin's `view_right` in the record's event.
- Every choice field (event, guest, delegation, zone, …) offers only objects of events where the user
  holds the admin's `change_right`; list filters offer only what the list may show.
- Every form the admin saves (its own and its inlines') checks, after the record is built from the
  posted data, that the user holds `change_right` in the record's event and that every object it
  refers to belongs to that same event; otherwise a form error, nothing saved.
- Every action (bulk delete included) runs only on the selected records whose event allows its right.

Superusers see and may do everything."""
from functools import wraps
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.domain import access
from events.models import Event, EventMembership

REFUSED = _("Select a valid choice. That choice is not one of the available choices.")
OTHER_EVENT = _("This choice belongs to another event than the record.")


def event_lookup(model):
    """The ORM path from `model` to its event ("pk" for Event itself), or None for models that
    belong to no event (users, groups)."""
    if model is Event:
        return "pk"
    relations = [f for f in model._meta.get_fields() if f.concrete and (f.many_to_one or f.one_to_one)]
    if any(f.name == "event" and f.related_model is Event for f in relations):
        return "event"
    for field in relations:
        if any(f.name == "event" and f.related_model is Event for f in field.related_model._meta.get_fields()):
            return f"{field.name}__event"
    return None


def event_pk_of(obj, lookup):
    if lookup == "pk":
        return obj.pk
    *parents, last = lookup.split("__")
    for part in parents:
        obj = getattr(obj, part)
    return getattr(obj, f"{last}_id")


def in_events_with(request, queryset, right, lookup):
    """`queryset` narrowed to objects whose event (reached by `lookup`) grants `right`."""
    if request.user.is_superuser or lookup is None:
        return queryset
    return queryset.filter(**{f"{lookup}__in": access.events_with_right(request.user, right)})


def roles_anywhere(request):
    """The user's roles over all their events, read once per request (the admin asks every
    registered admin whether to show it)."""
    if "_liaison_roles" not in request.__dict__:
        request._liaison_roles = set(EventMembership.objects.filter(user=request.user).values_list("role", flat=True))
    return request._liaison_roles


def event_action(*, right, description):
    """An admin action that needs `right` (rather than the admin's change right) in each record's event."""

    def decorate(func):
        func = admin.action(description=description)(func)
        func.event_right = right
        return func

    return decorate


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """Offers only the related objects of events whose records the list may show."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        related = field.related_model
        visible = in_events_with(request, related._default_manager.all(), model_admin.view_right,
                                 event_lookup(related))
        return field.get_choices(include_blank=False, ordering=ordering,
                                 limit_choices_to={"pk__in": visible.values("pk")})


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """Names the object whose id was entered only if it is among the field's choices (the stock
    widget names any object, so posting ids would reveal other events' people)."""

    def __init__(self, rel, admin_site, queryset, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value):
        try:
            offered = self.queryset.filter(**{self.rel.get_related_field().name: value}).exists()
        except (ValueError, TypeError, ValidationError):
            offered = False
        return super().label_and_url_for_value(value) if offered else ("", "")


class _ScopeCheckedForm:
    """Mixed into the admin's form classes per request (see EventScope.scope_form)."""

    scope_admin = None
    scope_request = None

    def _post_clean(self):
        super()._post_clean()  # builds self.instance from the posted data
        self.scope_admin.check_scope(self.scope_request, self)


class EventScope:
    """What model admins and inlines of event data share. `event_path` leads from the model to
    its event; the rights are names from events.domain.access."""

    event_path = "event"
    view_right = access.VIEW_EVENT
    change_right = access.CHANGE_EVENT
    # User fields that may name anyone (a new member is not yet in any of the user's events);
    # other user fields offer the members of the events where the user holds change_right.
    any_user_fields = ()

    def event_of(self, obj):
        for part in self.event_path.split("__"):
            obj = obj if part == "pk" else getattr(obj, part)
        return obj

    def choices_for(self, request, db_field, queryset):
        model = db_field.related_model
        if queryset is None:
            queryset = self.get_field_queryset(None, db_field, request)
        if queryset is None:
            queryset = model._default_manager.all()
        if model is get_user_model():
            if request.user.is_superuser or db_field.name in self.any_user_fields:
                return queryset
            members = EventMembership.objects.filter(event__in=access.events_with_right(request.user, self.change_right))
            return queryset.filter(pk__in=members.values("user_id"))
        return in_events_with(request, queryset, self.change_right, event_lookup(model))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = self.choices_for(request, db_field, kwargs.get("queryset"))
        if "widget" not in kwargs and db_field.name in self.raw_id_fields:
            kwargs["widget"] = ScopedRawIdWidget(db_field.remote_field, self.admin_site, kwargs["queryset"],
                                                 using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = self.choices_for(request, db_field, kwargs.get("queryset"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def scope_form(self, form_class, request):
        return type(form_class.__name__, (_ScopeCheckedForm, form_class),
                    {"scope_admin": self, "scope_request": request, "__module__": form_class.__module__})

    def check_scope(self, request, form):
        """Form errors unless the user holds the change right in the event of the record as
        posted, and everything the record refers to is of that event."""
        if request.user.is_superuser:
            return
        instance = form.instance
        try:
            event = self.event_of(instance)
        except ObjectDoesNotExist:
            return  # the field that leads to the event is missing: the form already says so
        if event is None:
            return
        if event.pk is None:
            return  # an inline of a new event: may the user create events is asked by the event admin
        if not access.has_right(request.user, event, self.change_right):
            first = self.event_path.split("__")[0]
            form.add_error(first if first in form.fields else None, REFUSED)
            return
        for name, related in list(self._references(instance, form)):
            lookup = event_lookup(type(related))
            if lookup not in (None, "pk") and event_pk_of(related, lookup) != event.pk:
                form.add_error(name if name in form.fields else None, OTHER_EVENT)

    @staticmethod
    def _references(instance, form):
        """(field name, object) for every object the record refers to: its foreign keys and the
        objects chosen in the form (many-to-many fields, extra choice fields)."""
        for field in instance._meta.concrete_fields:
            if field.is_relation and getattr(instance, field.attname) is not None:
                yield field.name, getattr(instance, field.name)
        for name, value in list(form.cleaned_data.items()):
            values = value if isinstance(value, (QuerySet, list, tuple)) else [value]
            for item in values:
                if isinstance(item, Model):
                    yield name, item


class EventScopedAdmin(EventScope, admin.ModelAdmin):
    """For models with an `event` foreign key (set `event_path` for deeper relations)."""

    def get_queryset(self, request):
        queryset = in_events_with(request, super().get_queryset(request), self.view_right, self.event_path)
        source = self._autocomplete_source(request)
        if source is not None:  # offer only what the field being filled in may refer to
            queryset = in_events_with(request, queryset, source.change_right, self.event_path)
        return queryset

    def _autocomplete_source(self, request):
        """The scoped admin of the model whose field the autocomplete view is filling, if any."""
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != "autocomplete":
            return None
        from django.apps import apps

        try:
            model = apps.get_model(request.GET.get("app_label", ""), request.GET.get("model_name", ""))
        except (LookupError, ValueError):
            return None
        source = self.admin_site._registry.get(model)
        return source if isinstance(source, EventScope) else None

    def _has(self, request, right, obj=None):
        if request.user.is_superuser:
            return True
        if not request.user.is_active or not request.user.is_staff:
            return False
        if obj is not None:
            return access.has_right(request.user, self.event_of(obj), right)
        return any(right in access.rights_of(role) for role in roles_anywhere(request))

    def has_module_permission(self, request):
        return self._has(request, self.view_right)

    def has_view_permission(self, request, obj=None):
        return self._has(request, self.view_right, obj)

    def has_change_permission(self, request, obj=None):
        return self._has(request, self.change_right, obj)

    def has_add_permission(self, request):
        # Shows the button; the event the form chooses is checked when saving (check_scope).
        return self._has(request, self.change_right)

    def has_delete_permission(self, request, obj=None):
        return self._has(request, self.change_right, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        return self.scope_form(super().get_form(request, obj, change, **kwargs), request)

    def history_view(self, request, object_id, extra_context=None):
        """The "History" button of every change page opens this record's audit trail (the API's audit
        log, which owners may read), not Django's LogEntry, which misses every change made elsewhere."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            return super().history_view(request, object_id, extra_context)  # as for a missing record
        query = urlencode({"object_type": obj._meta.model_name, "object_id": obj.pk})
        return redirect(f"/api/v1/events/{self.event_of(obj).slug}/audit-log/?{query}")

    def get_list_filter(self, request):
        return [self._scoped_filter(entry) for entry in super().get_list_filter(request)]

    def _scoped_filter(self, entry):
        if isinstance(entry, str) and get_fields_from_path(self.model, entry)[-1].is_relation:
            return entry, ScopedRelatedFieldListFilter
        return entry

    def get_actions(self, request):
        return {name: (self._scoped_action(func), name, description)
                for name, (func, name, description) in super().get_actions(request).items()}

    def _scoped_action(self, func):
        right = getattr(func, "event_right", self.change_right)

        @wraps(func)
        def scoped(modeladmin, request, queryset):
            allowed = in_events_with(request, queryset, right, modeladmin.event_path)
            refused = queryset.count() - allowed.count()
            if refused:
                modeladmin.message_user(request, ngettext(
                    "%(count)d of the selected records was left alone: your role in its event does not allow this.",
                    "%(count)d of the selected records were left alone: your role in their events does not allow this.",
                    refused) % {"count": refused}, messages.WARNING)
                if not allowed.exists():
                    return None
            return func(modeladmin, request, allowed)

        return scoped


class EventScopedInline(EventScope):
    """For inlines: the rights are checked in the event of the parent record (on the parent's
    add page, whoever may add the parent may fill in its inlines)."""

    def _parent_admin(self):
        return self.admin_site._registry[self.parent_model]

    def _has(self, request, right, obj):
        if request.user.is_superuser:
            return True
        if obj is None:
            return self._parent_admin().has_add_permission(request)
        return access.has_right(request.user, self._parent_admin().event_of(obj), right)

    def has_view_permission(self, request, obj=None):
        return self._has(request, self.view_right, obj)

    def has_change_permission(self, request, obj=None):
        return self._has(request, self.change_right, obj)

    def has_add_permission(self, request, obj=None):
        return self._has(request, self.change_right, obj)

    def has_delete_permission(self, request, obj=None):
        return self._has(request, self.change_right, obj)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = self.scope_form(formset.form, request)
        return formset


class EventScopedTabularInline(EventScopedInline, admin.TabularInline):
    pass
