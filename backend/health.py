"""/healthz (the process is alive and has its database) and /readyz (it can serve: the database,
Redis — when CACHE_URL or a redis:// CELERY_BROKER_URL is configured — and the file storage are
reachable; 503 naming what is not). Both run before host validation and the HTTPS redirect, because
the checker calls the container directly on http://127.0.0.1."""
from django.conf import settings
from django.db import connection
from django.http import JsonResponse

REDIS_TIMEOUT_SECONDS = 2


def database_problem() -> str | None:
    try:
        connection.ensure_connection()
        if not connection.is_usable():
            return "the database connection is not usable"
    except Exception as exc:  # noqa: BLE001 - any database failure means not ready
        return exc.__class__.__name__
    return None


def redis_urls() -> list[str]:
    urls = [cache["LOCATION"] for cache in settings.CACHES.values() if cache["BACKEND"].endswith("RedisCache")]
    if settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://", "unix://")):
        urls.append(settings.CELERY_BROKER_URL)
    flat = [url for entry in urls for url in ([entry] if isinstance(entry, str) else entry)]
    return list(dict.fromkeys(flat))


def redis_problem() -> str | None:
    import redis

    for url in redis_urls():
        try:
            client = redis.Redis.from_url(url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS)
            try:
                client.ping()
            finally:
                client.close()
        except Exception as exc:  # noqa: BLE001 - any failure means not ready
            return exc.__class__.__name__
    return None


def storage_problem() -> str | None:
    if not settings.OBJECT_STORAGE:
        return None  # local folders: no service to reach
    from core.object_storage import bucket_storages, reach_problem

    seen = set()
    for _name, storage in bucket_storages():
        if (storage.endpoint_url, storage.bucket_name) not in seen:
            seen.add((storage.endpoint_url, storage.bucket_name))
            problem = reach_problem(storage)
            if problem:
                return problem
    return None


def readiness() -> dict:
    """{"database": None or the problem, "redis": …, "storage": …} (Redis only when configured)."""
    checks = {"database": database_problem()}
    if redis_urls():
        checks["redis"] = redis_problem()
    checks["storage"] = storage_problem()
    return checks


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            if database_problem():
                return JsonResponse({"status": "database unreachable"}, status=503)
            return JsonResponse({"status": "ok"})
        if request.path_info == "/readyz":
            checks = readiness()
            failing = [name for name, problem in checks.items() if problem]
            body = {"status": "unavailable" if failing else "ok", "failing": failing,
                    "checks": {name: problem or "ok" for name, problem in checks.items()}}
            response = JsonResponse(body, status=503 if failing else 200)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
