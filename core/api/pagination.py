import functools

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import BigIntegerField, Func, Subquery
from django.db.models.expressions import Star
from rest_framework.pagination import PageNumberPagination

from core.compiled_queries import Statement, Statements


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


LARGEST_OFFSET = 2**63 - 1  # PostgreSQL's OFFSET is a bigint
COUNTED = "_count_of_the_list"  # the annotation each row of a page carries, removed before it is returned
PAGE_STATEMENTS = Statements()


class IdsFirstPaginator(Paginator):
    """A page is one statement: the rows (same order; `rows()` builds their queryset) whose id is in
    the slice of the ordered, filtered `ids` (a subquery), each row carrying the count of the whole
    list (an uncorrelated scalar subquery, COUNT(*) over `ids`, evaluated once). No COUNT statement of
    its own, unless `?page=last` asks for the count first.

    A page beyond the last has no rows: 404 as ever (page 1 of an empty list is the empty page)."""

    def __init__(self, ids, per_page, *, rows, rows_key, **kwargs):
        super().__init__(ids, per_page, **kwargs)
        self.rows, self.rows_key = rows, rows_key

    def page(self, number):
        number = self.page_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.page_statement(self.object_list[bottom:bottom + self.per_page])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        for row in rows:
            total = row.pop(COUNTED) if isinstance(row, dict) else vars(row).pop(COUNTED)
        self.count = total if rows else 0  # Paginator.count is a cached property: this is its value
        return self._get_page(rows, number, self)

    def page_statement(self, ids) -> list:
        """The page's rows, each with the list's count. The statement around the slice of ids is
        compiled once per shape of the ids' query (core.compiled_queries: building and compiling it
        cost 0.77 ms of CPU; compiling the ids' query for the key costs 0.12) and run with that
        query's parameters: those of the count, then those of the slice, which are the same values
        when the ids' ordering has none of its own (checked when it is compiled; otherwise it is
        compiled on every page)."""
        try:
            ids_sql, ids_parameters = ids.query.get_compiler(using=ids.db).as_sql()
        except EmptyResultSet:  # e.g. a filter on an empty list of values: Django answers without SQL
            return list(self.page_query(ids))
        key = (ids.db, self.rows_key, ids_sql)
        statement = PAGE_STATEMENTS.get(key)
        if statement is None:
            statement = Statement(self.page_query(ids), ids.db)
            if statement.parameters != 2 * tuple(ids_parameters):
                return statement.run(statement.parameters)
            PAGE_STATEMENTS.add(key, statement)
        return statement.run(2 * tuple(ids_parameters))

    def page_query(self, ids):
        counted = self.object_list.order_by().values_list(Func(Star(), function="COUNT", output_field=BigIntegerField()))
        return self.rows().filter(pk__in=ids).annotate(**{COUNTED: Subquery(counted)})

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
        def rows():  # built only when a page's statement is compiled
            ordered = queryset.model._default_manager.order_by(*order)
            return view.page_rows(ordered) if hasattr(view, "page_rows") else ordered

        rows_key = (type(view), tuple(map(str, order)))  # what page_rows makes of the rows depends on the view alone
        self.django_paginator_class = functools.partial(IdsFirstPaginator, rows=rows, rows_key=rows_key)
        return super().paginate_queryset(queryset.order_by(*order).values_list("pk", flat=True), request, view)
