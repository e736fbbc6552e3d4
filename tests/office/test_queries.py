"""The board, the dashboard and the print-out read the day with a fixed number of queries: the same
for 2 delegations as for 20."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.office.conftest import DAY, build_day, client_for

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("role", ["protocol", "checkin"])
def test_query_counts_do_not_grow_with_delegations(role):
    counts = {}
    for size in (2, 20):
        event = factories.make_event(slug=f"forum-{size}")
        build_day(event, size)
        client = client_for(factories.make_member(event, role))
        factories.CheckpointFactory(event=event)
        base = f"/office/{event.slug}/"
        day = f"{base}day/{DAY.isoformat()}/"
        counts[size] = {page: _count(client, url) for page, url in {
            "dashboard": base, "delegations": day, "vehicles": day + "?lanes=vehicles", "staff": day + "?lanes=staff",
            "print": day + "run-of-show.pdf",
        }.items()}
    assert counts[2] == counts[20]
    assert max(counts[20].values()) <= 25, counts[20]
