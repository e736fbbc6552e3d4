"""/healthz for container health checks. Runs before host validation and the HTTPS redirect,
because the checker calls the container directly on http://127.0.0.1."""
from django.db import connection
from django.http import JsonResponse


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            try:
                connection.ensure_connection()
                if not connection.is_usable():
                    raise ConnectionError("the database connection is not usable")
            except Exception:  # noqa: BLE001 - any database failure means unhealthy
                return JsonResponse({"status": "database unreachable"}, status=503)
            return JsonResponse({"status": "ok"})
        return self.get_response(request)
