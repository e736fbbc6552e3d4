"""The filter backend of every list endpoint: django-filter, refusing numbers no row can have.

An id beyond 64 bits cannot exist, and SQLite (the zero-setup database) raises OverflowError when
one reaches a query, so ?guest=99999999999999999999 would be a 500. Such values are refused as a
400 naming the parameter, before the filterset touches the database."""
import django_filters
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from core.validators import beyond_64_bits

NUMERIC_FILTERS = (django_filters.NumberFilter, django_filters.ModelChoiceFilter, django_filters.ModelMultipleChoiceFilter)


class FilterBackend(DjangoFilterBackend):
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
