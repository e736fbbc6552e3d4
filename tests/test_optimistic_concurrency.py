"""Lost updates. Every object the API serves has an ETag; a write to it (PUT, PATCH, DELETE or an
action under its URL) with a stale If-Match answers 412 and changes nothing; a PATCH writes only
the fields it was given, so two PATCHes of different fields both survive. On SQLite, concurrent
writes queue for the lock instead of failing with "database is locked", and a write that still
cannot get it answers 503 with Retry-After."""
import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from rest_framework.test import APIRequestFactory

from badges.models import BadgeTemplate, BatchStatus
from core.api.exceptions import exception_handler
from core.crypto import blind_index
from delegations.domain.items import save_item
from delegations.models import ItineraryItem
from events.api.serializers import GuestSerializer, ProgrammeSessionSerializer
from events.models import Event, Guest, GuestStatus, ProgrammeSession
from feeds.api.serializers import FeedTokenSerializer
from feeds.domain.tokens import create_feed
from feeds.models import FeedToken
from tests import factories
from tests.conftest import client_for
from tests.helpers.api_schema import api_schema, fill, first_row_ids
from tests.helpers.threads import together

ROOT = Path(__file__).resolve().parent.parent
STALE = '"0123456789abcdef0123456789abcdef"'
ETAG = re.compile(r'"[0-9a-f]{32}"')
WRITES = ("post", "put", "patch", "delete")
PRECONDITION_FAILED = {
    "detail": "The object has changed since you read it (its ETag no longer matches If-Match); "
              "read it again and redo your change.",
    "code": "precondition_failed",
}


def object_url_of(path: str) -> str | None:
    """The URL of the object a schema path acts on (".../guests/{id}/approve/" → ".../guests/{id}/")."""
    for marker in ("{id}/", "/events/{slug}/"):
        if marker in path:
            return path.split(marker)[0] + marker
    return None


def guest_url(guest):
    return f"/api/v1/events/{guest.event.slug}/guests/{guest.pk}/"


def serializer_context(event, user=None):
    request = APIRequestFactory().get("/")
    request.user = user or factories.make_user(is_superuser=True)
    return {"event": event, "request": request}


@pytest.fixture
def demo(db, superuser_client):
    call_command("seed_demo", verbosity=0)
    event = Event.objects.order_by("pk").first()  # the forum: a row of almost every kind
    factories.make_member(event, "viewer")
    factories.BadgeBatchFactory(event=event, template=BadgeTemplate.objects.filter(event=event).first(),
                                status=BatchStatus.FAILED, error="The printer was out of paper.")
    schema = api_schema()
    return event, schema, first_row_ids(superuser_client, schema, [event])


# ETag and If-Match on every object, from the OpenAPI schema ------------------------------------

def test_every_object_answers_with_a_strong_etag(demo, superuser_client):
    event, schema, ids = demo
    checked, unfilled = [], []
    for path, operations in schema["paths"].items():
        if "get" not in operations or object_url_of(path) != path or ("{event_slug}" not in path and "{slug}" not in path):
            continue
        url = fill(path, event.slug, ids)
        if url is None:
            unfilled.append(path)
            continue
        documented = operations["get"]["responses"]["200"].get("headers", {})
        assert "ETag" in documented, path
        first, again = superuser_client.get(url), superuser_client.get(url)
        assert first.status_code == 200, (path, first.content[:200])
        assert ETAG.fullmatch(first["ETag"]), (path, first.get("ETag"))
        assert again["ETag"] == first["ETag"], path
        checked.append(path)
    assert not unfilled, unfilled
    assert len(checked) >= 18, checked


def test_a_stale_if_match_is_refused_on_every_object_write_and_changes_nothing(demo, superuser_client):
    event, schema, ids = demo
    checked, problems = 0, []
    for path, operations in schema["paths"].items():
        object_path = object_url_of(path)
        if object_path is None or ("{event_slug}" not in path and "{slug}" not in path):
            continue
        for method in (m for m in WRITES if m in operations):
            url, object_url = fill(path, event.slug, ids), fill(object_path, event.slug, ids)
            before = superuser_client.get(object_url)
            response = getattr(superuser_client, method)(url, {}, format="json", HTTP_IF_MATCH=STALE)
            after = superuser_client.get(object_url)
            checked += 1
            if not any(p["in"] == "header" and p["name"] == "If-Match" for p in operations[method].get("parameters", [])):
                problems.append(f"{method.upper()} {path}: If-Match is not in the OpenAPI schema")
            if response.status_code != 412 or response.json() != PRECONDITION_FAILED:
                problems.append(f"{method.upper()} {path}: {response.status_code} {response.content[:160]!r}")
            elif (after.status_code, after["ETag"], after.content) != (200, before["ETag"], before.content):
                problems.append(f"{method.upper()} {path} changed the object despite the 412")
    assert not problems, "\n".join(problems)
    assert checked >= 45


# The protocol on one guest -----------------------------------------------------------------------

def test_the_current_etag_lets_a_write_through_and_the_answer_carries_the_new_one(event, as_role):
    client = as_role("owner")
    guest = factories.make_guest(event, status=GuestStatus.REGISTERED)
    read = client.get(guest_url(guest))
    etag = read["ETag"]

    changed = client.patch(guest_url(guest), {"dietary": "vegetarian"}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["dietary"] == "vegetarian"
    assert ETAG.fullmatch(changed["ETag"]) and changed["ETag"] != etag
    assert client.get(guest_url(guest))["ETag"] == changed["ETag"]

    for method, url, body in (("patch", guest_url(guest), {"dietary": "halal"}), ("put", guest_url(guest), {}),
                              ("delete", guest_url(guest), None), ("post", guest_url(guest) + "approve/", {})):
        stale = getattr(client, method)(url, body, format="json", HTTP_IF_MATCH=etag)
        assert (stale.status_code, stale.json()) == (412, PRECONDITION_FAILED), method
    guest.refresh_from_db()
    assert (guest.dietary, guest.status) == ("vegetarian", GuestStatus.REGISTERED)

    approved = client.post(guest_url(guest) + "approve/", {}, format="json", HTTP_IF_MATCH=changed["ETag"])
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert client.get(guest_url(guest))["ETag"] not in (etag, changed["ETag"])


@pytest.mark.parametrize("if_match, passes", [
    (None, True),                     # no precondition: the write proceeds, as before
    ("*", True),                      # "any current version": the object exists
    ("CURRENT", True),
    ('"other", CURRENT', True),       # one of a list
    ("W/CURRENT", False),             # If-Match compares strongly (RFC 9110 13.1.1): a weak tag never matches
    (STALE, False),
    ("not-a-tag", False),
])
def test_if_match_follows_rfc_9110(event, as_role, if_match, passes):
    client = as_role("owner")
    guest = factories.make_guest(event, dietary="")
    current = client.get(guest_url(guest))["ETag"]
    headers = {} if if_match is None else {"HTTP_IF_MATCH": if_match.replace("CURRENT", current)}
    response = client.patch(guest_url(guest), {"dietary": "kosher"}, format="json", **headers)
    assert response.status_code == (200 if passes else 412)
    guest.refresh_from_db()
    assert guest.dietary == ("kosher" if passes else "")


def test_the_etag_names_the_stored_version_whoever_reads_it(event, as_role):
    """A viewer sees the passport masked, the owner unmasked: one object, one version, one ETag —
    which changes when the passport does (it is a keyed hash: it does not reveal the number)."""
    owner, viewer = as_role("owner"), as_role("viewer")
    guest = factories.make_guest(event)
    etag = owner.get(guest_url(guest))["ETag"]
    assert viewer.get(guest_url(guest))["ETag"] == etag
    assert owner.patch(guest_url(guest), {"passport_number": "N1234567"}, format="json").status_code == 200
    assert viewer.get(guest_url(guest))["ETag"] not in (etag, None)


def test_an_etag_of_another_object_does_not_match(event, as_role):
    client = as_role("owner")
    one, two = factories.make_guest(event), factories.make_guest(event)
    response = client.patch(guest_url(one), {"dietary": "x"}, format="json",
                            HTTP_IF_MATCH=client.get(guest_url(two))["ETag"])
    assert response.status_code == 412


# A PATCH writes only what it changes -------------------------------------------------------------

def test_a_patch_does_not_write_back_fields_it_was_not_given(event):
    guest = factories.make_guest(event, dietary="")
    read_earlier = Guest.objects.get(pk=guest.pk)
    Guest.objects.filter(pk=guest.pk).update(dietary="halal")  # someone else's write since
    serializer = GuestSerializer(read_earlier, data={"position": "Minister"}, partial=True,
                                 context=serializer_context(event))
    serializer.is_valid(raise_exception=True)
    serializer.save()
    guest.refresh_from_db()
    assert (guest.position, guest.dietary) == ("Minister", "halal")


def test_derived_guest_columns_follow_their_own_inputs_only(event, as_role):
    """search_text follows the names, passport_index the passport: a PATCH of other fields must not
    write them back from what it read, and a PATCH of their inputs must update them."""
    client = as_role("owner")
    guest = factories.make_guest(event, family_name="NURLANULY")
    read_earlier = Guest.objects.get(pk=guest.pk)
    meanwhile = Guest.objects.get(pk=guest.pk)
    meanwhile.family_name, meanwhile.passport_number = "ABENOV", "N7654321"
    meanwhile.save(update_fields=["family_name", "passport_number"])

    serializer = GuestSerializer(read_earlier, data={"dietary": "halal"}, partial=True, context=serializer_context(event))
    serializer.is_valid(raise_exception=True)
    serializer.save()
    guest.refresh_from_db()
    assert (guest.family_name, guest.passport_number, guest.dietary) == ("ABENOV", "N7654321", "halal")
    assert "abenov" in guest.search_text and "nurlanuly" not in guest.search_text
    assert guest.passport_index == blind_index("N7654321", purpose="passport")

    url = f"/api/v1/events/{event.slug}/guests/"
    assert client.patch(guest_url(guest), {"given_name": "Yerlan", "passport_number": "p 999 888"},
                        format="json").status_code == 200
    guest.refresh_from_db()
    assert guest.passport_number == "P999888" and guest.passport_index == blind_index("P999888", purpose="passport")
    assert [g["id"] for g in client.get(url, {"search": "yerlan"}).json()["results"]] == [guest.pk]


def test_a_patch_moves_updated_at_and_keeps_encrypted_columns_readable(event, as_role):
    client = as_role("owner")
    guest = factories.make_guest(event)
    before = Guest.objects.get(pk=guest.pk).updated_at
    assert client.patch(guest_url(guest), {"date_of_birth": "1990-02-03"}, format="json").status_code == 200
    guest.refresh_from_db()
    assert guest.updated_at > before and str(guest.date_of_birth) == "1990-02-03"
    with connection.cursor() as cursor:
        cursor.execute("SELECT date_of_birth FROM events_guest WHERE id = %s", [guest.pk])
        assert cursor.fetchone()[0].startswith("v1:")


def test_a_calendar_entry_patched_from_an_old_read_bumps_its_sequence_and_keeps_the_rest(event):
    session = factories.make_session(event)
    read_earlier = ProgrammeSession.objects.get(pk=session.pk)
    read_at = (read_earlier.calendar_changed_at, read_earlier.updated_at)
    ProgrammeSession.objects.filter(pk=session.pk).update(is_cancelled=True)
    serializer = ProgrammeSessionSerializer(read_earlier, data={"title": {"en": "Closing"}}, partial=True,
                                            context=serializer_context(event))
    serializer.is_valid(raise_exception=True)
    serializer.save()
    session.refresh_from_db()
    assert (session.title, session.is_cancelled, session.sequence) == ({"en": "Closing"}, True, 1)
    assert session.calendar_changed_at > read_at[0] and session.updated_at > read_at[1]


def test_an_itinerary_item_saved_from_an_old_read_keeps_the_fields_it_did_not_touch(event):
    item = save_item(event, {"title": {"en": "Transfer"}, "start": factories.make_session(event).start,
                             "end": factories.make_session(event).end})
    read_earlier = ItineraryItem.objects.get(pk=item.pk)
    read_at = read_earlier.updated_at
    ItineraryItem.objects.filter(pk=item.pk).update(terminal="T2")
    save_item(event, {"internal_notes": "VIP car"}, instance=read_earlier)
    item.refresh_from_db()
    assert (item.terminal, item.internal_notes, item.sequence) == ("T2", "VIP car", 0)
    assert item.updated_at > read_at


def test_a_feed_label_change_keeps_what_the_feed_last_served(event):
    feed = create_feed(event=event, scope="programme", language="en")
    read_earlier = FeedToken.objects.get(pk=feed.pk)
    FeedToken.objects.filter(pk=feed.pk).update(body_etag='"served"', body_fingerprint="f" * 64)
    serializer = FeedTokenSerializer(read_earlier, data={"label": "Press office"}, partial=True,
                                     context=serializer_context(event))
    serializer.is_valid(raise_exception=True)
    serializer.save()
    feed.refresh_from_db()
    assert (feed.label, feed.body_etag, feed.body_fingerprint) == ("Press office", '"served"', "f" * 64)


# Busy database → 503 --------------------------------------------------------------------------

def test_a_locked_database_answers_503_with_retry_after():
    response = exception_handler(OperationalError("database is locked"), {})
    assert response.status_code == 503 and response["Retry-After"] == "1"
    assert response.data == {"detail": "The database is busy with other changes; try again in a moment.",
                             "code": "database_busy"}
    assert exception_handler(OperationalError("no such table: x"), {}) is None  # a real error stays a 500


def run_writers(**args):
    done = subprocess.run([sys.executable, "-m", "tests.helpers.sqlite_writers", json.dumps(args, default=str)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def writers_for(event, threads=4, guests_each=6):
    work = []
    for _ in range(threads):
        token = factories.token_for(factories.make_member(event, "owner"))
        work.append([token, [factories.make_guest(event, status=GuestStatus.REGISTERED).pk for _ in range(guests_each)]])
    return work


@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_on_a_sqlite_file_queue_instead_of_failing(event, tmp_path):
    work = writers_for(event)
    result = run_writers(db=_copy_of_test_database(tmp_path), slug=event.slug, work=work)
    assert not result["errors"] and not result["bodies"], result
    assert result["statuses"] == [200] * (3 * 4 * 6)


@pytest.mark.django_db(transaction=True)
def test_a_write_that_cannot_get_the_sqlite_lock_answers_503_not_500(event, tmp_path):
    work = writers_for(event, threads=1, guests_each=1)
    result = run_writers(db=_copy_of_test_database(tmp_path), slug=event.slug, work=work, hold_lock=True, timeout=0.2)
    assert not result["errors"], result
    # The owner's GET shows passport data, which is recorded in the audit trail: a write too, refused
    # with 503 like the others rather than shown unrecorded.
    assert result["statuses"] == [503, 503, 503]
    assert {(b["status"], b["retry_after"]) for b in result["bodies"]} == {(503, "1")}
    assert all(json.loads(b["body"])["code"] == "database_busy" for b in result["bodies"])


def _copy_of_test_database(tmp_path) -> str:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    path = tmp_path / "liaison.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()
    return str(path)


# PostgreSQL: real concurrent transactions ----------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_is_really_in_use():
    assert connection.vendor == "postgresql"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_patches_of_different_fields_that_both_read_first_both_survive(event, round_):
    guest = factories.make_guest(event, given_name="Aidos", dietary="")
    context = serializer_context(event)

    def patch(data):
        def run(barrier):
            read = Guest.objects.get(pk=guest.pk)
            barrier.wait(timeout=30)  # both have read before either writes
            serializer = GuestSerializer(read, data=data, partial=True, context=context)
            serializer.is_valid(raise_exception=True)
            serializer.save()
        return run

    together(patch({"given_name": "Yerlan"}), patch({"dietary": "halal"}))
    guest.refresh_from_db()
    assert (guest.given_name, guest.dietary) == ("Yerlan", "halal")
    assert "yerlan" in guest.search_text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_concurrent_api_patches_of_one_guest_all_survive(event, round_):
    guest = factories.make_guest(event, family_name="NURLANULY", given_name="Aidos", dietary="", position="")
    changes = [{"family_name": "ABENOV"}, {"given_name": "Yerlan"}, {"dietary": "halal"}, {"position": "Minister"}]
    clients = [client_for(factories.make_member(event, "owner")) for _ in changes]

    def patch(client, data):
        def run(barrier):
            barrier.wait(timeout=30)
            return client.patch(guest_url(guest), data, format="json").status_code
        return run

    assert together(*(patch(c, d) for c, d in zip(clients, changes))) == [200] * len(changes)
    guest.refresh_from_db()
    assert (guest.family_name, guest.given_name, guest.dietary, guest.position) == ("ABENOV", "Yerlan", "halal", "Minister")
    assert "abenov" in guest.search_text and "yerlan" in guest.search_text


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_writes_from_the_same_version_one_wins_the_other_gets_412(event):
    guest = factories.make_guest(event, dietary="")
    clients = [client_for(factories.make_member(event, "owner")) for _ in range(2)]
    etag = clients[0].get(guest_url(guest))["ETag"]

    def patch(client, dietary):
        def run(barrier):
            barrier.wait(timeout=30)
            return client.patch(guest_url(guest), {"dietary": dietary}, format="json", HTTP_IF_MATCH=etag).status_code
        return run

    statuses = together(patch(clients[0], "halal"), patch(clients[1], "kosher"))
    assert sorted(statuses) == [200, 412]
    guest.refresh_from_db()
    assert guest.dietary == ("halal", "kosher")[statuses.index(200)]
