import django_filters
from rest_framework.filters import BaseFilterBackend

from events.models import Guest
from events.models.search_text import fold


class GuestFilter(django_filters.FilterSet):
    class Meta:
        model = Guest
        fields = ["status", "category", "country", "delegation", "language", "gender"]


class NameSearchFilter(BaseFilterBackend):
    """`?search=` matches any name field in any script (Latin, native, Chinese), case- and
    accent-insensitively, through the folded `search_text` column."""

    param = "search"

    def filter_queryset(self, request, queryset, view):
        terms = fold(request.query_params.get(self.param, "").replace("\x00", ""))[:200].split()
        for term in terms[:8]:
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    def get_schema_operation_parameters(self, view):
        return [{
            "name": self.param, "required": False, "in": "query",
            "description": "Words that must all appear in a name field (any script).",
            "schema": {"type": "string"},
        }]
