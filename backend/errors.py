"""Error pages: JSON under /api/ and /ical/ (machines read those), Django's HTML elsewhere."""
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from core.errors import StorageUnavailable


def _wants_json(request):
    return request.path.startswith(("/api/", "/ical/"))


def bad_request(request, exception=None):
    if _wants_json(request):
        if isinstance(exception, RequestDataTooBig):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
            return JsonResponse({"detail": f"The request body is larger than the {limit} MB allowed.",
                                 "code": "too_large"}, status=413)
        if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
            return JsonResponse({"detail": "The request has too many fields or files.", "code": "too_many_fields"},
                                status=400)
        return JsonResponse({"detail": "Bad request.", "code": "bad_request"}, status=400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "You do not have permission to perform this action.", "code": "permission_denied"}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"detail": "Internal server error.", "code": "server_error"}, status=500)
    return defaults.server_error(request)


class StorageUnavailableMiddleware:
    """A page that could not reach the file storage (core.errors.StorageUnavailable) answers 503 with
    the reason rather than a 500; its transaction (the admin's, the API's) has rolled back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StorageUnavailable):
            return None
        if _wants_json(request):
            return JsonResponse({"detail": "The file storage cannot be reached; nothing was saved. Try again later.",
                                 "code": "storage_unavailable"}, status=503, headers={"Retry-After": "30"})
        return HttpResponse(_("The file storage cannot be reached; nothing was saved. Try again later."),
                            content_type="text/plain; charset=utf-8", status=503, headers={"Retry-After": "30"})
