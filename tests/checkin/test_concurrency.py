"""Two gates scanning the same single-entry badge at the same moment: exactly one "ok".

Real PostgreSQL, real concurrent transactions: each thread has its own database connection and
goes through the whole API (authentication, serializer, scan service)."""
import pytest
from django.db import connection

from checkin.models import Scan, ZonePresence
from tests import factories
from tests.checkin.conftest import code_of, make_badge, make_checkpoint, nonce
from tests.conftest import client_for
from tests.helpers.threads import together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def fire_together(requests):
    """Run each (callable) in its own thread, released at the same instant; return their results."""
    def released_together(request):
        def call(barrier):
            barrier.wait(timeout=30)
            return request()
        return call

    return together(*[released_together(request) for request in requests])


@pytest.fixture
def guards(event):
    return [client_for(factories.make_member(event, "checkin")) for _ in range(2)]


def test_postgres_is_really_in_use():
    assert connection.vendor == "postgresql"


@pytest.mark.parametrize("round_", range(3))
@pytest.mark.parametrize("been_inside_before", [False, True], ids=["first-entry", "re-entry-after-exit"])
def test_single_entry_badge_at_two_gates_at_once_gives_exactly_one_ok(event, zones, guards, round_, been_inside_before):
    north = make_checkpoint(event, [zones["plenary"]], name={"en": "North gate"})
    south = make_checkpoint(event, [zones["plenary"]], name={"en": "South gate"})
    way_out = make_checkpoint(event, [zones["plenary"]], direction="exit", name={"en": "Exit"})
    badge = make_badge(event, [zones["plenary"]])
    code = code_of(badge)
    url = f"/api/v1/events/{event.slug}/checkin/scan/"
    if been_inside_before:  # the presence row exists already: only the row lock can serialize the gates
        for gate in (north, way_out):
            assert guards[0].post(url, {"qr": code, "checkpoint": gate.pk, "nonce": nonce()}, format="json").json()["ok"]

    def scan_at(client, gate):
        return lambda: client.post(url, {"qr": code, "checkpoint": gate.pk, "nonce": nonce()}, format="json")

    responses = fire_together([scan_at(guards[i % 2], (north, south)[i % 2]) for i in range(8)])
    assert [r.status_code for r in responses] == [201] * 8
    results = sorted(r.json()["result"] for r in responses)
    assert results == ["already_inside"] * 7 + ["ok"]
    earlier = 2 if been_inside_before else 0
    assert Scan.objects.filter(badge=badge).count() == 8 + earlier
    assert Scan.objects.filter(badge=badge, result="ok", direction="entry").count() == 1 + earlier // 2
    presence = ZonePresence.objects.get(guest=badge.guest, zone=zones["plenary"])
    assert presence.inside and presence.entries == 1 + earlier // 2


def test_the_same_nonce_sent_concurrently_is_recorded_once(event, zones, gate, guards):
    badge = make_badge(event, [zones["lounge"]])
    lounge = make_checkpoint(event, [zones["lounge"]])
    body = {"qr": code_of(badge), "checkpoint": lounge.pk, "nonce": nonce()}
    url = f"/api/v1/events/{event.slug}/checkin/scan/"
    responses = fire_together([lambda: guards[0].post(url, body, format="json") for _ in range(6)])
    answers = [r.json() for r in responses]
    assert sorted(r.status_code for r in responses) == [200] * 5 + [201]
    assert {a["scan_id"] for a in answers} == {answers[0]["scan_id"]}
    assert {a["result"] for a in answers} == {"ok"}
    assert Scan.objects.filter(nonce=body["nonce"]).count() == 1
    assert ZonePresence.objects.get(guest=badge.guest).entries == 1
