"""A scan's database round trips are a fixed number: they grow neither with the event's guests and
badges nor with the zones a badge or a gate has."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import code_of, make_badge, make_checkpoint, make_zone

pytestmark = pytest.mark.django_db

# token, event and role, the transaction's start (inside a test's transaction: a savepoint); the
# reads (the gate with its zones, the badge with its guest, delegation and key, its zones with
# their policies, the presence rows on file locked) and the writes (the scan, the presence rows updated or,
# the first time, inserted, the audit entry): on PostgreSQL one round trip each, elsewhere one by
# one; the transaction's end.
ENTRY_QUERIES = 2 + 1 + (2 if connection.vendor == "postgresql" else 4 + 3) + 1


def count_scan_queries(post_scan, badge, gate):
    code = code_of(badge)
    post_scan(code, gate)  # the token's last use is written at most every few minutes: not counted
    with CaptureQueriesContext(connection) as queries:
        answer = post_scan(code, gate).json()
    assert answer["result"] == "ok", answer
    return len(queries)


def test_a_scan_costs_the_same_queries_whatever_the_event_and_the_badge(event, post_scan):
    small_zones = [make_zone(event, "HALL")]
    small = count_scan_queries(post_scan, make_badge(event, small_zones), make_checkpoint(event, small_zones))
    many_zones = [make_zone(event, f"ZONE{i}") for i in range(6)]
    for _ in range(30):
        make_badge(event, many_zones)
    crowded = count_scan_queries(post_scan, make_badge(event, many_zones), make_checkpoint(event, many_zones))
    assert small == crowded == ENTRY_QUERIES


def test_a_scan_takes_a_fixed_number_of_queries(post_scan, badge, gate, django_assert_num_queries):
    # Through DRF (the token, the event) and the gate's statements (checkin.domain.gate_sql): 1 for
    # the token and its user, 1 for the event (with the user's role); in the savepoint (2;
    # BEGIN/COMMIT outside tests) the reads — the checkpoint with its zones, the badge with its guest,
    # delegation and public key, its zones with their policies, the guest's presence rows locked — and
    # the writes — the scan, the presence rows inserted (the first time) or updated, the audit entry.
    # On PostgreSQL the reads go in one round trip and the writes in another; elsewhere one by one.
    # This first time, 1 more notes the token's use (last_used_at, written at most every 5 minutes).
    code = code_of(badge)
    together = connection.vendor == "postgresql"
    with django_assert_num_queries(1 + 4 + (2 if together else 4 + 3)):
        assert post_scan(code, gate).json()["result"] == "ok"
    with django_assert_num_queries(4 + (2 if together else 4 + 2)):  # refused: no presence row written
        assert post_scan(code, gate).json()["result"] == "already_inside"
