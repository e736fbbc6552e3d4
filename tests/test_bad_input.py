"""Every writable field of every API operation, and every query parameter of every read, fed nasty
values: never a 500, always a JSON answer, never a half-written record.

The operations and their fields come from the OpenAPI schema, so a new endpoint is covered the
day it is added. The objects to PATCH come from the demo data (every kind of row exists there).
Each request carries one field, so a 400 is about that field; the answer must name it or, for an
object-level rule, another field of the same operation (a latitude without its longitude)."""
import pytest
from django.core.management import call_command

from events.models import Event
from tests import factories
from tests.helpers.api_schema import api_schema, fill, first_row_ids

pytestmark = pytest.mark.django_db

NASTY = [
    "a\x00b", "x" * 10_001, "𠮷野家", "مرحبا <script>alert(1)</script>\u202eevil", "2026-13-45T25:00", "",
    2**70, -1, 1.5, True, None, [[1]], [999_999_999], {"en": "\x00"}, {"xx": "a" * 20_000}, {"en": ["x"]},
]
ERROR_KEYS_WITHOUT_FIELD = {"detail", "non_field_errors"}
NASTY_QUERY = ["a\x00b", "x" * 10_001, "𠮷", "-1", "99999999999999999999", "1.5", "2026-13-45T25:00", "%'\\"]
# Tried on every list; a detail or a file gets its documented parameters and the last four only.
COMMON_QUERY = {"search", "page", "page_size", "ordering", "since", "arrived", "code", "printed", "category", "template",
                "delegation", "guest", "staff", "vehicle", "checkpoint", "zone", "format", "language", "lang", "dpi"}


def _request_fields(schema, operation):
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    reference = body.get("$ref")
    if not reference:
        return {}
    properties = schema["components"]["schemas"][reference.rsplit("/", 1)[-1]].get("properties", {})
    return {name: spec for name, spec in properties.items() if not spec.get("readOnly")}


def _operations(schema, slug, ids):
    """(method, url, fields) for every POST and PATCH whose url can be filled in."""
    for path, operations in schema["paths"].items():
        url = fill(path, slug, ids)
        if url is None or "{" in url:
            continue
        for method in ("post", "patch"):
            if method in operations:
                yield method, url, _request_fields(schema, operations[method])


def test_every_field_of_every_operation_survives_nasty_values(superuser_client):
    call_command("seed_demo")
    event = Event.objects.order_by("pk").first()
    api = superuser_client
    api.raise_request_exception = False  # a 500 is a finding to report, with all the others
    schema = api_schema()
    ids = first_row_ids(api, schema, [event])
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
    assert requests > 2000
    assert not problems, "\n".join(problems)


def test_every_query_parameter_of_every_read_survives_nasty_values(superuser_client):
    call_command("seed_demo")
    event = Event.objects.order_by("pk").first()
    api = superuser_client
    api.raise_request_exception = False
    schema = api_schema()
    problems, requests = [], 0
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        url = fill(path, event.slug, object_id=1).replace("{name}", "guest-photos/0123456789abcdef.jpg")
        assert "{" not in url, url  # a new kind of path parameter: teach this test its value
        documented = {p["name"] for p in operations["get"].get("parameters", []) if p.get("in") == "query"}
        is_list = not path.endswith(("}/", ".pdf", ".ics", "/pdf/", "/png/", ".csv"))
        for name in sorted(documented | (COMMON_QUERY if is_list else {"format", "language", "lang", "dpi"})):
            for value in NASTY_QUERY:
                requests += 1
                response = api.get(url, {name: value})
                if response.status_code >= 500:
                    problems.append(f"GET {url}?{name}={value!r:.30}: {response.status_code}")
    assert requests > 1500
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path, name", [("feeds/", "guest"), ("itinerary-items/", "guests"), ("itinerary-items/", "vehicle"),
                                        ("guests/", "delegation")])
@pytest.mark.parametrize("value", ["99999999999999999999", "-9223372036854775809", "1e30"])
def test_an_id_filter_beyond_64_bits_is_a_400_naming_it(event, as_role, path, name, value):
    response = as_role("manager").get(f"/api/v1/events/{event.slug}/{path}", {name: value})
    assert response.status_code == 400, response.content
    assert response.json() == {name: [f"{name} is out of range."]}


def test_an_id_filter_within_range_still_filters(event, as_role):
    from feeds.domain.tokens import create_feed

    guest = factories.make_guest(event)
    feed = create_feed(event=event, scope="guest", language="en", target=guest)
    create_feed(event=event, scope="programme", language="en")
    manager, url = as_role("manager"), f"/api/v1/events/{event.slug}/feeds/"
    assert [row["id"] for row in manager.get(url, {"guest": str(guest.pk)}).json()["results"]] == [feed.pk]
    response = manager.get(url, {"guest": str(2**63 - 1)})  # the largest id there can be: no row, no error
    assert response.status_code == 200 and response.json()["results"] == []


@pytest.mark.parametrize("path", ["badges/", "guests/", "itinerary-items/", "feeds/"])
def test_a_nul_character_in_a_query_string_is_a_400_naming_the_parameter(event, as_role, path):
    response = as_role("manager").get(f"/api/v1/events/{event.slug}/{path}", {"category": "head\x00of_state"})
    assert response.status_code == 400
    assert response.json() == {"category": ["NUL characters are not allowed."]}


def test_a_nul_character_in_an_admin_filter_shows_the_unfiltered_list_flagged(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "pw"))
    response = client.get("/admin/events/guest/", {"status__exact": "approved\x00"})
    assert response.status_code == 302 and response["Location"] == "/admin/events/guest/?e=1"


@pytest.mark.parametrize("username", ["ad\x00min", "x" * 151, 7, ["admin"]])
def test_a_username_no_user_can_have_is_not_found(event, as_role, username):
    response = as_role("owner").post(f"/api/v1/events/{event.slug}/members/", {"username": username, "role": "viewer"},
                                     format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["username"] and "does not exist" in response.json()["username"][0]


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"a":' * 50_000])
@pytest.mark.parametrize("path", ["guests/", "checkin/scan/", "delegations/"])
def test_json_nested_too_deeply_is_a_400_parse_error(event, as_role, path, body):
    response = as_role("owner").generic("POST", f"/api/v1/events/{event.slug}/{path}", body,
                                        content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - nested too deeply.", "code": "parse_error"}


@pytest.mark.parametrize("path", ["guests/", "checkin/scan/", "checkin/upload/"])
def test_a_body_beyond_the_upload_limit_is_a_413_saying_so(event, as_role, path, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    body = b'{"family_name": "' + b"A" * (1024 * 1024) + b'"}'
    response = as_role("owner").generic("POST", f"/api/v1/events/{event.slug}/{path}", body,
                                        content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is larger than the 1 MB allowed.", "code": "too_large"}
