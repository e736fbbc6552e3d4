from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class IdsFirstPagination(StandardPagination):
    """`?page=` as StandardPagination, but the ordered, filtered query selects only the page's ids
    (an index walk when an index matches the order); the rows are then read by id. The id breaks
    ties so that consecutive pages neither repeat nor skip a row."""

    def paginate_queryset(self, queryset, request, view=None):
        order = list(queryset.query.order_by or queryset.model._meta.ordering)
        if not any(isinstance(term, str) and term.lstrip("-") in ("pk", "id") for term in order):
            order.append("-pk" if order and str(order[-1]).startswith("-") else "pk")
        ids = super().paginate_queryset(queryset.order_by(*order).values_list("pk", flat=True), request, view)
        if ids is None:
            return None
        ids = list(ids)
        rows = {row["id"] if isinstance(row, dict) else row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]
