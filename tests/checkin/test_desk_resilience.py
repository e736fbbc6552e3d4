"""The offline upload's limits, announced in the keys so the desk's chunks fit them."""
import pytest

from tests.checkin.conftest import code_of, nonce
from tests.checkin.test_offline import ago, offline_scan

pytestmark = pytest.mark.django_db


def test_the_keys_announce_the_upload_limits_the_server_enforces(scanner, event, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
    body = scanner.get(f"/api/v1/events/{event.slug}/checkin/keys/").json()
    assert body["upload"] == {"max_scans": 1000, "max_bytes": 3 * 1024 * 1024}


def test_a_batch_of_the_announced_size_is_accepted_and_one_more_is_refused(scanner, event, badge, gate):
    url = f"/api/v1/events/{event.slug}/checkin/upload/"
    limit = scanner.get(f"/api/v1/events/{event.slug}/checkin/keys/").json()["upload"]["max_scans"]
    code = code_of(badge)
    scans = [offline_scan(code, gate, ago(minutes=5), nonce=nonce(), direction="entry") for _ in range(limit + 1)]
    too_many = scanner.post(url, {"scans": scans}, format="json")
    assert too_many.status_code == 400
    assert too_many.json() == {"scans": [f"Ensure this field has no more than {limit} elements."]}
    accepted = scanner.post(url, {"scans": scans[:limit]}, format="json")
    assert accepted.status_code == 200 and accepted.json()["rejected"] == 0
