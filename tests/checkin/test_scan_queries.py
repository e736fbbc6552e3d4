"""A scan's database round trips are a fixed number: they grow neither with the event's guests and
badges nor with the zones a badge or a gate has."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import code_of, make_badge, make_checkpoint, make_zone

pytestmark = pytest.mark.django_db

# token, event and role, the transaction's start (inside a test's transaction: a savepoint); the
# reads (the gate with its zones, the badge with its guest, delegation, key and zones with their
# policies, the presence rows on file locked) and the writes (the scan, the presence rows updated or,
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
