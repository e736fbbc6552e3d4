"""The admin's list filters put ids from the query string straight into SQL, and an id beyond 64
bits crashes SQLite (OverflowError: a 500). Such a query string gets the admin's own answer to a
filter it cannot apply: the list, unfiltered, flagged ?e=1 (Django's ChangeList does the same for
IncorrectLookupParameters)."""
from django.contrib.admin.views.main import ERROR_FLAG
from django.http import HttpResponseRedirect
from django.urls import reverse

from .validators import beyond_64_bits


class AdminQueryBoundsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        if (
            request.method == "GET"
            and request.path.startswith(self.admin_prefix)
            and any(beyond_64_bits(value) for _, values in request.GET.lists() for value in values)
        ):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return self.get_response(request)
