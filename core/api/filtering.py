"""The filter backend of every list endpoint: django-filter, refusing numbers no row can have.

An id beyond 64 bits cannot exist, and SQLite (the zero-setup database) raises OverflowError when
one reaches a query, so ?guest=99999999999999999999 would be a 500. Such values are refused as a
400 naming the parameter, before the filterset touches the database.

A request that names none of the filters (a plain page of a list, a search) is not filtered: the
filterset would build its form — copies of every field, the choices of each (some 250 countries)
— only to find every value empty, which costs a list page more than its rows. The filterset class
of a view's `filterset_fields` is made once per view class, not once per request."""
import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from core.validators import beyond_64_bits

NUMERIC_FILTERS = (django_filters.NumberFilter, django_filters.ModelChoiceFilter, django_filters.ModelMultipleChoiceFilter)


def names_a_filter(params, filterset_class) -> bool:
    """Whether a query string names one of the filters (a range filter's `name_min`, `name_after`… too)."""
    names = filterset_class.base_filters
    return any(param in names or param.rpartition("_")[0] in names for param in params)


class FilterBackend(DjangoFilterBackend):
    _generated: dict = {}  # (view class, model): the filterset class made from filterset_fields

    def get_filterset_class(self, view, queryset=None):
        if getattr(view, "filterset_class", None) or queryset is None:
            return super().get_filterset_class(view, queryset)
        key = (type(view), queryset.model, tuple(getattr(view, "filterset_fields", None) or ()))
        if key not in self._generated:
            self._generated[key] = super().get_filterset_class(view, queryset)
        return self._generated[key]

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not names_a_filter(request.query_params, filterset_class):
            return queryset
        return super().filter_queryset(request, queryset, view)

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            errors = {
                name: [f"{name} is out of range."]
                for name, field_filter in filterset.filters.items()
                if isinstance(field_filter, NUMERIC_FILTERS)
                and any(beyond_64_bits(value) for value in filterset.data.getlist(name))
            }
            if errors:
                raise ValidationError(errors)
        return filterset
