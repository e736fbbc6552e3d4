"""A batch through a real Celery worker on Redis and PostgreSQL."""
import time

import pytest

from badges.models import Badge
from tests import factories
from tests.badges.test_qr_sheet import decode_sheet
from tests.helpers.pdf import extract_text


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_batch_on_a_real_worker(celery_worker, settings, as_role, event):
    from badges.demo import seed_zones

    settings.BADGE_BATCH_ROOT = None  # the worker process writes to the default place; read it from there
    seed_zones(event)
    protocol = as_role("protocol")
    guests = [factories.make_guest(event, native_name=name) for name in
              ("Айдос Нұрланұлы", "محمد عبد الرحمن", "김민준", "სალომე", "Γεώργιος", "דוד לוי", "สมชาย", "አበበ")]
    bad = factories.make_guest(event, native_name="\U00013000")
    response = protocol.post(f"/api/v1/events/{event.slug}/badge-batches/", {"selection": {"all": True}}, format="json")
    assert response.status_code == 202
    batch_url = f"/api/v1/events/{event.slug}/badge-batches/{response.json()['id']}/"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        body = protocol.get(batch_url).json()
        if body["status"] in ("done", "failed"):
            break
        time.sleep(0.3)
    assert body["status"] == "done", body
    assert body["progress"] == {"done": 8, "total": 9}
    assert [p["guest_id"] for p in body["problems"]] == [bad.pk]
    download = protocol.get(body["download_url"])
    pdf = b"".join(download.streaming_content)
    try:
        text = extract_text(pdf)
        assert all(g.native_name in text for g in guests)
        assert len(decode_sheet(pdf)) == 8
        assert Badge.objects.filter(event=event, printed_at__isnull=False).count() == 8
    finally:
        from badges.models import BadgeBatch
        from badges.storage import sheet_storage

        sheet_storage().delete(BadgeBatch.objects.get(pk=body["id"]).file_name)
