"""An owner of one event cannot learn that another event, or anything in it, exists — checked on
every operation of the API (from the OpenAPI schema, so new endpoints are covered) and on the
desk pages: another event's slug answers exactly like a slug that does not exist, and another
event's ids under one's own event answer exactly like ids that do not exist."""
import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from events.models import Event
from tests import factories
from tests.conftest import client_for
from tests.helpers.api_schema import api_schema, collection_of, fill, first_row_ids

pytestmark = pytest.mark.django_db

MISSING_ID = 987_654_321
METHODS = ("get", "post", "put", "patch", "delete")


def _call(client, method, url):
    return client.get(url) if method == "get" else getattr(client, method)(url, {}, format="json")


def _answer(response):
    return response.status_code, response.content


def test_another_events_slugs_and_ids_answer_like_missing_ones(superuser_client):
    call_command("seed_demo")
    forum, mine = Event.objects.order_by("pk")[:2]  # the forum's demo data has a row of every kind
    owner = factories.make_user("owner-of-one")
    factories.make_member(mine, "owner", user=owner)
    api = client_for(owner)
    api.raise_request_exception = False
    schema = api_schema()
    foreign = first_row_ids(superuser_client, schema, Event.objects.exclude(pk=mine.pk).order_by("pk"))
    assert len(foreign) >= 12, foreign

    listed = api.get("/api/v1/events/").json()["results"]
    assert [event["slug"] for event in listed] == [mine.slug]

    problems, compared = [], 0
    for path, operations in schema["paths"].items():
        if "{event_slug}" not in path:
            continue
        for method in (m for m in METHODS if m in operations):
            theirs = _call(api, method, fill(path, forum.slug, object_id=1))
            missing = _call(api, method, fill(path, "no-such-event", object_id=1))
            compared += 1
            if theirs.status_code != 404 or _answer(theirs) != _answer(missing):
                problems.append(f"{method.upper()} {path} with another event's slug: {_answer(theirs)!r:.160}")
            if collection_of(path) in foreign:
                theirs = _call(api, method, fill(path, mine.slug, foreign))
                missing = _call(api, method, fill(path, mine.slug, object_id=MISSING_ID))
                compared += 1
                if _answer(theirs) != _answer(missing):
                    problems.append(f"{method.upper()} {path} with another event's id: {_answer(theirs)!r:.160} "
                                    f"vs {_answer(missing)!r:.160}")
    assert compared > 150
    assert not problems, "\n".join(problems)


def test_the_desk_hides_other_events_too(client):
    call_command("seed_demo")
    forum, mine = Event.objects.order_by("pk")[:2]
    guard = factories.make_user("guard-of-one")
    factories.make_member(mine, "checkin", user=guard)
    client.force_login(guard)
    for suffix in ("", "1/"):
        theirs, missing = client.get(f"/desk/{forum.slug}/{suffix}"), client.get(f"/desk/no-such-event/{suffix}")
        assert theirs.status_code == 404 and theirs.content == missing.content
    assert forum.slug not in client.get("/desk/").content.decode()
    for url in ("/api/v1/events/{}/", "/api/v1/events/{}/guests/", "/desk/{}/"):  # and to strangers
        theirs, missing = APIClient().get(url.format(forum.slug)), APIClient().get(url.format("no-such-event"))
        assert theirs.status_code in (302, 401, 403, 404) and _answer(theirs) == _answer(missing), url
