"""Every writable field of every API operation, fed nasty values: never a 500, always a JSON
answer, never a half-written record.

The operations and their fields come from the OpenAPI schema, so a new endpoint is covered the
day it is added. The objects to PATCH come from the demo data (every kind of row exists there).
Each request carries one field, so a 400 is about that field; the answer must name it or, for an
object-level rule, another field of the same operation (a latitude without its longitude)."""
import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator

from events.models import Event

pytestmark = pytest.mark.django_db

NASTY = [
    "\x00", "a\x00b", "x" * 10_001, "𠮷野家", "مرحبا <script>alert(1)</script>", "\u202eevil\u202c",
    "2026-13-45T25:00", "2026-02-30T10:00+08:00", "../../etc/passwd", "",
    2**70, -1, 1.5, True, None, [], [[1]], [999_999_999], {}, {"en": "\x00"}, {"xx": "a" * 20_000}, {"en": ["x"]},
]
ERROR_KEYS_WITHOUT_FIELD = {"detail", "non_field_errors"}


def _request_fields(schema, operation):
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    reference = body.get("$ref")
    if not reference:
        return {}
    properties = schema["components"]["schemas"][reference.rsplit("/", 1)[-1]].get("properties", {})
    return {name: spec for name, spec in properties.items() if not spec.get("readOnly")}


def _first_ids(api, schema, slug):
    """The id of the first row of every list endpoint of the event (to PATCH and to act on)."""
    ids = {}
    for path, operations in schema["paths"].items():
        collection = path.replace("{event_slug}", slug)
        if "get" not in operations or "{" in collection or not collection.endswith("/"):
            continue
        response = api.get(collection)
        if response.status_code != 200 or not response["Content-Type"].startswith("application/json"):
            continue
        body = response.json()
        rows = body.get("results", body) if isinstance(body, dict) else body
        if isinstance(rows, list) and rows and isinstance(rows[0], dict) and "id" in rows[0]:
            ids[collection] = rows[0]["id"]
    return ids


def _operations(schema, slug, ids):
    """(method, url, fields) for every POST and PATCH whose url can be filled in."""
    for path, operations in schema["paths"].items():
        url = path.replace("{event_slug}", slug).replace("{slug}", slug)
        if "{id}" in url:
            collection = url.split("{id}")[0]
            if collection not in ids:
                continue
            url = url.replace("{id}", str(ids[collection]))
        if "{" in url:
            continue
        for method in ("post", "patch"):
            if method in operations:
                yield method, url, _request_fields(schema, operations[method])


def test_every_field_of_every_operation_survives_nasty_values(superuser_client):
    call_command("seed_demo")
    event = Event.objects.order_by("pk").first()
    api = superuser_client
    api.raise_request_exception = False  # a 500 is a finding to report, with all the others
    schema = SchemaGenerator().get_schema(public=True)
    ids = _first_ids(api, schema, event.slug)
    assert len(ids) >= 12, ids  # the demo has every kind of row; a broken list would hide operations

    problems, requests = [], 0
    for method, url, fields in _operations(schema, event.slug, ids):
        before = api.get(url).content if method == "patch" else None
        for field in fields:
            for value in NASTY:
                requests += 1
                response = getattr(api, method)(url, {field: value}, format="json")
                where = f"{method.upper()} {url} {field}={value!r:.40}"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                    continue
                if response.status_code < 400:
                    before = api.get(url).content if method == "patch" else None  # a legal value: the new state
                    continue
                if not response["Content-Type"].startswith("application/json"):
                    problems.append(f"{where}: {response.status_code} without a JSON body")
                    continue
                body = response.json()
                if response.status_code == 400 and not (set(body) & (set(fields) | ERROR_KEYS_WITHOUT_FIELD)):
                    problems.append(f"{where}: 400 names no field: {body}")
                if method == "patch" and api.get(url).content != before:
                    problems.append(f"{where}: refused with {response.status_code}, but the record changed")
    assert requests > 3000
    assert not problems, "\n".join(problems)
