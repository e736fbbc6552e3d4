"""The OpenAPI schema tells the truth about what the API answers.

A bounded, deterministic schemathesis run calls every operation of the schema on a seeded event
(guests with and without a delegation, badges, gates, feeds…) as an owner, who sees passport data,
and as a registration clerk, who sees it masked, and checks each answer: no server error, a
documented status code and content type, a body the response schema accepts, and no field the
schema does not name. Below it, a test for each mismatch the run found."""
import copy

import hypothesis
import jsonschema
import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import close_old_connections, transaction
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from events.models import Event, Guest
from tests import factories
from tests.delegations.helpers import make_delegation, make_hotel, make_member, make_staff
from tests.helpers.api_schema import (
    api_schema,
    collection_of,
    first_row_ids,
    json_schema,
    response_schema,
    undocumented_fields,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ROLES = ("owner", "registration")
GUEST_PATH = "/api/v1/events/{event_slug}/guests/{id}/"
MAX_EXAMPLES = 4
MAX_BAD_BODIES = 2


@pytest.fixture
def seeded(db, superuser_client, settings, tmp_path):
    """The demo forum (a row of every kind), one guest without a delegation, and its list ids."""
    settings.BADGE_BATCH_ROOT = tmp_path / "badge-batches"
    call_command("seed_demo")
    forum = Event.objects.order_by("pk").first()
    factories.make_guest(forum, delegation=None, family_name="ALONE")
    assert Guest.objects.filter(event=forum, delegation__isnull=False).exists()
    return forum, first_row_ids(superuser_client, api_schema(), [forum])


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, called in the test's thread and transaction. Like Django's test
    client, it must not close the test's database connection at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def assert_every_field_documented(document, case, response):
    """Extra keys pass response schema conformance (objects are open), yet a client cannot learn of them."""
    answer = document["paths"][case.operation.path][case.method.lower()]["responses"].get(str(response.status_code), {})
    json_answer = response.headers.get("content-type", [""])[0].startswith("application/json")
    if json_answer and "application/json" in answer.get("content", {}) and response.status_code < 400:
        extra = undocumented_fields(response.json(), json_schema(document, answer["content"]["application/json"]["schema"]))
        assert not extra, f"{response.status_code} answer has fields its schema does not name: {extra[:5]}"


def conformance_failures(schema, document, forum, ids, headers):
    """Each operation's failure (its first failing case), as text. Operations that read a body are
    also sent bodies the schema forbids (their 400 answers must be documented too)."""
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        fixed = {name: forum.slug for name in ("event_slug", "slug")}
        if collection_of(operation.path) in ids:
            fixed["id"] = ids[collection_of(operation.path)]
        declared = {parameter.name for parameter in operation.path_parameters}
        fixed = {name: value for name, value in fixed.items() if name in declared}
        modes = [(GenerationMode.POSITIVE, MAX_EXAMPLES)]
        if operation.body:
            modes.append((GenerationMode.NEGATIVE, MAX_BAD_BODIES))
        for mode, examples in modes:

            @hypothesis.given(case=operation.as_strategy(mode, path_parameters=fixed))
            @hypothesis.settings(max_examples=examples, derandomize=True, deadline=None, database=None,
                                 suppress_health_check=list(hypothesis.HealthCheck), phases=[hypothesis.Phase.generate])
            def check(case):
                with transaction.atomic():  # every case starts from the same seeded data
                    response = case.call(headers=headers)
                    transaction.set_rollback(True)
                case.validate_response(response, checks=CHECKS)
                assert_every_field_documented(document, case, response)

            try:
                check()
            except hypothesis.errors.Unsatisfiable:  # no body the schema forbids (e.g. every field optional text)
                pass
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - every operation's failure, not the first
                failures.append(f"{operation.label} ({mode.value}): {exc}")
    return failures


def test_every_answer_matches_the_schema(seeded, wsgi_app):
    forum, ids = seeded
    document = api_schema()
    schema = schemathesis.openapi.from_dict(copy.deepcopy(document), config=schemathesis.Config.from_dict({
        "generation": {"deterministic": True, "database": "none"},
    }))
    schema.app = wsgi_app
    failures = []
    for role in ROLES:
        headers = {"Authorization": "Token " + factories.token_for(factories.make_member(forum, role))}
        failures += [f"as {role}: {failure}" for failure in conformance_failures(schema, document, forum, ids, headers)]
    assert not failures, "\n\n".join(failures)


# --- Each mismatch the fuzz run found, on its own --------------------------------------------------
def assert_valid(instance, schema):
    """jsonschema's verdict, formats (date, email…) checked too."""
    jsonschema.validate(instance, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture
def guests(event):
    delegation = make_delegation(event, name="Kazakhstan")
    return {"alone": factories.make_guest(event, delegation=None), "member": make_member(delegation)}


@pytest.mark.parametrize("role", ["owner", "registration"])
def test_a_guest_without_a_delegation_matches_the_guest_schema(as_role, event, guests, role):
    schema = api_schema()
    client = as_role(role)
    for guest in guests.values():
        body = client.get(f"/api/v1/events/{event.slug}/guests/{guest.pk}/").json()
        assert body["delegation"] == guest.delegation_id
        assert_valid(body, response_schema(schema, GUEST_PATH, "get"))
    assert guests["alone"].delegation_id is None


def test_a_masked_date_of_birth_matches_the_guest_schema(as_role, event, guests):
    schema = api_schema()
    url = f"/api/v1/events/{event.slug}/guests/{guests['member'].pk}/"
    masked, unmasked = as_role("registration").get(url).json(), as_role("owner").get(url).json()
    assert (masked["date_of_birth"], unmasked["date_of_birth"]) == ("••••", "1994-10-11")
    for body in (masked, unmasked):
        assert_valid(body, response_schema(schema, GUEST_PATH, "get"))
    for wrong in ("1994-13-11", "••", 19941011):
        with pytest.raises(jsonschema.ValidationError):
            assert_valid({**masked, "date_of_birth": wrong}, response_schema(schema, GUEST_PATH, "get"))
    # Only a date is accepted in a request.
    request_date = json_schema(schema, schema["components"]["schemas"]["GuestRequest"]["properties"]["date_of_birth"])
    with pytest.raises(jsonschema.ValidationError):
        assert_valid("••••", request_date)
    assert_valid("1994-10-11", request_date)


def test_the_delegation_members_list_matches_its_schema(as_role, event, guests):
    schema = api_schema()
    path = "/api/v1/events/{event_slug}/delegations/{id}/members/"
    delegation = guests["member"].delegation
    make_member(delegation)
    body = as_role("protocol").get(f"/api/v1/events/{event.slug}/delegations/{delegation.pk}/members/").json()
    assert len(body) == 2 and {member["id"] for member in body} == set(delegation.members.values_list("pk", flat=True))
    assert_valid(body, response_schema(schema, path, "get"))
    assert "201" not in schema["paths"][path]["get"]["responses"]
    assert "200" not in schema["paths"][path]["post"]["responses"]
    assert not {p["name"] for p in schema["paths"][path]["get"]["parameters"]} & {"page", "page_size", "ordering"}


def test_blank_and_filled_phone_numbers_match_the_schema(as_role, event):
    schema = api_schema()
    owner = as_role("owner")
    filled, blank = make_staff(event, phone="+86 (592) 123-4567"), make_staff(event, phone="")
    hotel = make_hotel(event, phone="")
    answers = {
        "/api/v1/events/{event_slug}/staff/{id}/": [owner.get(f"/api/v1/events/{event.slug}/staff/{s.pk}/").json()
                                                    for s in (filled, blank)],
        "/api/v1/events/{event_slug}/hotels/{id}/": [owner.get(f"/api/v1/events/{event.slug}/hotels/{hotel.pk}/").json()],
        "/api/v1/events/{event_slug}/members/{id}/": [owner.get(f"/api/v1/events/{event.slug}/members/{m['id']}/").json()
                                                      for m in owner.get(f"/api/v1/events/{event.slug}/members/").json()["results"]],
    }
    phones = sorted(body["phone"] for bodies in answers.values() for body in bodies)
    assert phones[0] == "" and "+86 (592) 123-4567" in phones
    for path, bodies in answers.items():
        for body in bodies:
            assert_valid(body, response_schema(schema, path, "get"))
        with pytest.raises(jsonschema.ValidationError):
            assert_valid({**bodies[0], "phone": "call me"}, response_schema(schema, path, "get"))



def test_error_answers_are_documented_with_their_body(as_role, event, guests):
    schema = api_schema()
    registration = as_role("registration")
    answers = {
        ("/api/v1/events/{event_slug}/guests/", "get", 404): registration.get(f"/api/v1/events/{event.slug}/guests/?page=99"),
        ("/api/v1/events/{event_slug}/badge-batches/", "get", 403): registration.get(f"/api/v1/events/{event.slug}/badge-batches/"),
        (GUEST_PATH, "patch", 400): registration.patch(f"/api/v1/events/{event.slug}/guests/{guests['alone'].pk}/",
                                                      {"country": "XX"}, format="json"),
    }
    for (path, method, status), response in answers.items():
        assert response.status_code == status
        assert_valid(response.json(), response_schema(schema, path, method, status))
    assert "409" in schema["paths"]["/api/v1/events/{event_slug}/guests/{id}/approve/"]["post"]["responses"]


def test_a_field_named_code_in_a_400_matches_the_schema(as_role, event):
    """Field errors name the field, whatever it is called: a zone's `code` is a list of problems,
    not the error's string `code`."""
    schema = api_schema()
    response = as_role("owner").post(f"/api/v1/events/{event.slug}/zones/", {"code": "", "name": {"en": "Hall"}},
                                     format="json")
    assert response.status_code == 400 and response.json()["code"] == ["This field may not be blank."]
    assert_valid(response.json(), response_schema(schema, "/api/v1/events/{event_slug}/zones/", "post", 400))
