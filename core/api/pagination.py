import functools

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class IdsFirstPaginator(Paginator):
    """Counts and slices the ordered ids query; a page is the `rows` (same filter, same order) whose
    id is in that slice: one statement, the slice of ids a subquery of it."""

    def __init__(self, ids, per_page, *, rows, **kwargs):
        super().__init__(ids, per_page, **kwargs)
        self.rows = rows

    def _get_page(self, ids, number, paginator):
        return super()._get_page(self.rows.filter(pk__in=ids), number, paginator)


class IdsFirstPagination(StandardPagination):
    """`?page=` as StandardPagination, but the ordered, filtered query selects only the page's ids
    (an index walk when an index matches the order), and the rows are read by those ids in the same
    statement. The id breaks ties so that consecutive pages neither repeat nor skip a row. Rows may be
    model instances or dicts (a `.values()` queryset)."""

    def paginate_queryset(self, queryset, request, view=None):
        order = list(queryset.query.order_by or queryset.model._meta.ordering)
        if not any(isinstance(term, str) and term.lstrip("-") in ("pk", "id") for term in order):
            order.append("-pk" if order and str(order[-1]).startswith("-") else "pk")
        ordered = queryset.order_by(*order)
        self.django_paginator_class = functools.partial(IdsFirstPaginator, rows=ordered)
        return super().paginate_queryset(ordered.values_list("pk", flat=True), request, view)
