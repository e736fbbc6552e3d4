"""Query-string values that no view can use and that crash a database where a view puts them into
SQL — in the API and the admin, the pages that filter by the query string: a NUL character
(PostgreSQL refuses it in any string), and in the admin's list filters an id beyond 64 bits
(SQLite raises OverflowError). They are answered before any view runs: in the admin with its own
answer to a filter it cannot apply — the list, unfiltered, flagged ?e=1, as Django's ChangeList
does for IncorrectLookupParameters — and in the API with a 400 naming the parameter. (The API's
filters refuse big ids themselves: core.api.filtering. Feeds and the desk read no query
string: a public feed keeps answering every malformed request with the same 404.)"""
from django.contrib.admin.views.main import ERROR_FLAG, SEARCH_VAR
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import reverse

from core.validators import beyond_64_bits

API_PREFIX = "/api/"


class QueryStringGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if request.GET:
            if self.admin_prefix is None:
                self.admin_prefix = reverse("admin:index")
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def _refusal(self, request):
        in_admin = request.path.startswith(self.admin_prefix)
        if not (in_admin or request.path.startswith(API_PREFIX)):
            return None
        for name, values in request.GET.lists():
            for value in values:
                with_nul = "\x00" in value or "\x00" in name
                too_big = in_admin and name != SEARCH_VAR and beyond_64_bits(value)
                if not (with_nul or too_big):
                    continue
                if in_admin:
                    return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
                label = name.replace("\x00", "")[:64]
                return JsonResponse({label: ["NUL characters are not allowed."]}, status=400)
        return None
