import functools

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import F, Func, Subquery
from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


LARGEST_OFFSET = 2**63 - 1  # PostgreSQL's OFFSET is a bigint
COUNTED = "_count_of_the_list"  # the annotation each row of a page carries, removed before it is returned


class IdsFirstPaginator(Paginator):
    """A page is one statement: the `rows` (same order) whose id is in the slice of the ordered,
    filtered `ids` (a subquery), each row carrying the count of the whole list (an uncorrelated scalar
    subquery over `ids`, evaluated once). No COUNT statement of its own, unless `?page=last` asks for
    the count first.

    A page beyond the last has no rows: 404 as ever (page 1 of an empty list is the empty page)."""

    def __init__(self, ids, per_page, *, rows, **kwargs):
        super().__init__(ids, per_page, **kwargs)
        self.rows = rows

    def page(self, number):
        number = self.page_number(number)
        bottom = (number - 1) * self.per_page
        counted = self.object_list.order_by().values_list(Func(F("pk"), function="COUNT"))
        rows = list(self.rows.filter(pk__in=self.object_list[bottom:bottom + self.per_page])
                    .annotate(**{COUNTED: Subquery(counted)}))
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        for row in rows:
            total = row.pop(COUNTED) if isinstance(row, dict) else vars(row).pop(COUNTED)
        self.count = total if rows else 0  # Paginator.count is a cached property: this is its value
        return self._get_page(rows, number, self)

    def page_number(self, number) -> int:
        """Paginator.validate_number without the count: an integer ≥ 1."""
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        if (number - 1) * self.per_page > LARGEST_OFFSET:  # past any list, and past what OFFSET takes
            raise EmptyPage(self.error_messages["no_results"])
        return number


class IdsFirstPagination(StandardPagination):
    """`?page=` as StandardPagination, but the ordered, filtered query selects only the page's ids
    (an index walk when an index matches the order), and the rows, with the list's count, are read
    by those ids in the same statement (IdsFirstPaginator). The id breaks ties so that consecutive
    pages neither repeat nor skip a row.

    The rows are the model's, by id and in the same order, without the list's filters a second time
    (the ids are already filtered): model instances, or what the view's `page_rows(rows)` makes of
    them (e.g. `.values()` dicts with a related name)."""

    def paginate_queryset(self, queryset, request, view=None):
        order = list(queryset.query.order_by or queryset.model._meta.ordering)
        if not any(isinstance(term, str) and term.lstrip("-") in ("pk", "id") for term in order):
            order.append("-pk" if order and str(order[-1]).startswith("-") else "pk")
        rows = queryset.model._default_manager.order_by(*order)
        if hasattr(view, "page_rows"):
            rows = view.page_rows(rows)
        self.django_paginator_class = functools.partial(IdsFirstPaginator, rows=rows)
        return super().paginate_queryset(queryset.order_by(*order).values_list("pk", flat=True), request, view)
