"""The badge operations announce themselves once committed, whoever calls them (API, admin, tasks);
printed sheets go through the "badge_sheets" storage, whatever backend it is."""
import pytest
from django.db import transaction

from badges import signals
from badges.domain.batches import create_batch, run_batch
from badges.domain.issuing import issue_badge, issue_badges_for, reprint_badge, revoke_badge
from badges.domain.selection import SelectionProblem, guests_to_issue
from badges.models import Badge
from tests import factories
from tests.badges.test_qr_sheet import decode_sheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    """{signal name: [kwargs, …]} of every badge signal sent during the test."""
    log = {}
    names = ["badges_issued", "badge_reprinted", "badge_revoked", "batch_queued", "batch_finished", "batch_downloaded"]
    receivers = {}
    for name in names:
        def receiver(sender, name=name, **kwargs):
            log.setdefault(name, []).append(kwargs)
        receivers[name] = receiver
        getattr(signals, name).connect(receiver, weak=False, dispatch_uid=f"test-{name}")
    yield log
    for name in names:
        getattr(signals, name).disconnect(dispatch_uid=f"test-{name}")


def url(event, path):
    return f"/api/v1/events/{event.slug}/{path}"


def test_operations_announce_after_commit_and_not_on_rollback(event, zones, received, django_capture_on_commit_callbacks):
    guest = factories.make_guest(event)
    with pytest.raises(RuntimeError), transaction.atomic():
        issue_badge(guest)
        raise RuntimeError("rolled back")
    assert received == {} and not Badge.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        badge, created = issue_badge(guest)
    assert created and [kw["badges"] for kw in received["badges_issued"]] == [[badge]]
    with django_capture_on_commit_callbacks(execute=True):
        reprint_badge(badge, reason="lost", zones=[zones[0]])
        revoke_badge(badge, reason="stolen")
    assert [(kw["badge"].pk, kw["badge"].version, kw["reason"]) for kw in received["badge_reprinted"]] == [(badge.pk, 2, "lost")]
    assert [(kw["badge"].pk, kw["reason"]) for kw in received["badge_revoked"]] == [(badge.pk, "stolen")]
    assert list(Badge.objects.get(pk=badge.pk).zones.all()) == [zones[0]]
    with django_capture_on_commit_callbacks(execute=True):
        revoke_badge(badge, reason="again")  # already revoked: nothing changes, nothing is announced
    assert len(received["badge_revoked"]) == 1


def test_one_selection_for_issuing(event, other_event):
    approved = [factories.make_guest(event) for _ in range(2)]
    pending = factories.make_guest(event, status="pending")
    stranger = factories.make_guest(other_event)
    assert {g.pk for g in guests_to_issue(event, {"all": True})} == {g.pk for g in approved}
    assert [g.pk for g in guests_to_issue(event, {"guest_ids": [approved[1].pk, approved[0].pk, approved[1].pk]})] == [
        approved[1].pk, approved[0].pk]
    with pytest.raises(SelectionProblem, match=f"Not found in this event: {stranger.pk}."):
        guests_to_issue(event, {"guest_ids": [approved[0].pk, stranger.pk]})
    with pytest.raises(SelectionProblem, match=rf"not approved: {pending.pk} \(pending\)"):
        guests_to_issue(event, {"guest_ids": [pending.pk]})
    issued, created = issue_badges_for(event, {"all": True})
    assert (set(issued), created) == ({g.pk for g in approved}, 2)
    assert issue_badges_for(event, {"guest_ids": [approved[0].pk]})[1] == 0


def test_api_batch_is_queued_run_and_downloaded_through_the_operations(event, zones, as_role, received,
                                                                       django_capture_on_commit_callbacks):
    guests = [factories.make_guest(event) for _ in range(3)]
    protocol = as_role("protocol")
    with django_capture_on_commit_callbacks(execute=True):
        response = protocol.post(url(event, "badge-batches/"), {"selection": {"all": True}}, format="json")
    assert response.status_code == 202
    batch_id = response.json()["id"]
    assert [kw["batch"].pk for kw in received["batch_queued"]] == [batch_id]
    assert [kw["batch"].pk for kw in received["batch_finished"]] == [batch_id]  # the eager task ran it
    assert sum(len(kw["badges"]) for kw in received["badges_issued"]) == len(guests)
    with django_capture_on_commit_callbacks(execute=True):
        download = protocol.get(url(event, f"badge-batches/{batch_id}/download/"))
    assert download.status_code == 200 and len(decode_sheet(b"".join(download.streaming_content))) == 3
    assert [(kw["batch"].pk, kw["user"].username) for kw in received["batch_downloaded"]] == [
        (batch_id, response.wsgi_request.user.username)]


def test_sheets_need_no_local_disk(event, zones, template, settings, as_role, django_capture_on_commit_callbacks):
    """With an in-memory storage as "badge_sheets", a batch is written, replaced and downloaded."""
    from badges.storage import sheet_storage

    settings.STORAGES = {**settings.STORAGES, "badge_sheets": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    storage = sheet_storage()
    assert type(storage).__name__ == "InMemoryStorage"
    factories.make_guest(event)
    batch = create_batch(event, template, {"all": True})
    run_batch(batch.pk)
    batch.refresh_from_db()
    first = batch.file_name
    assert batch.status == "done" and storage.exists(first) and storage.size(first) == batch.file_size
    run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.file_name != first and not storage.exists(first) and storage.exists(batch.file_name)
    download = as_role("protocol").get(url(event, f"badge-batches/{batch.pk}/download/"))
    assert download.status_code == 200 and len(decode_sheet(b"".join(download.streaming_content))) == 1
    with django_capture_on_commit_callbacks(execute=True):
        batch.delete()
    assert storage.listdir("")[1] == []


def test_selection_problems_are_translated(event):
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(SelectionProblem, match="没有可发放证件的已批准嘉宾。"):
        guests_to_issue(event, {"all": True})
