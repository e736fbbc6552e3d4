"""Retention: an event past its retention loses passport data, birth dates, photos (the files too),
badge sheets and feed secrets; a held or current event loses nothing. The trail keeps counts only."""
import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEntry
from badges.storage import sheet_storage
from events.domain.retention import NotExpired, purge_event
from events.models import Guest
from events.models.uploads import guest_photo_storage
from feeds.models import FeedToken
from tests import factories
from tests.checkin.test_desk_browser import portrait_jpeg

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.localdate() - datetime.timedelta(days=400)


def personal_world(event):
    guest = factories.make_guest(event, passport_number="K1234567", date_of_birth="1966-05-04",
                                 passport_expiry="2030-01-01", given_name="Ana", family_name="Silva")
    guest.photo.save("ana.jpg", ContentFile(portrait_jpeg()), save=True)
    batch = factories.BadgeBatchFactory(event=event, status="done")
    sheet = sheet_storage().save(f"sheets/test-{event.slug}.pdf", ContentFile(b"%PDF-1.4 sheet"))
    type(batch).objects.filter(pk=batch.pk).update(file_name=sheet, file_size=14)
    feed = factories.FeedTokenFactory(event=event, scope="guest", target=guest)
    return guest, guest.photo.name, sheet, feed


def raw_columns(guest):
    return Guest.objects.filter(pk=guest.pk).values("passport_number", "passport_expiry", "date_of_birth", "photo",
                                                    "passport_index", "family_name").get()


def test_an_expired_event_loses_its_personal_data_and_files(event, django_capture_on_commit_callbacks):
    event.start_date, event.end_date = LONG_AGO, LONG_AGO
    event.save()
    guest, photo, sheet, feed = personal_world(event)
    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert f"{event.slug}: would erase" in out.getvalue() and "passport_numbers: 1" in out.getvalue()
    assert raw_columns(guest)["passport_index"] != "" and guest_photo_storage().exists(photo)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_personal_data", stdout=io.StringIO())
    columns = raw_columns(guest)
    assert columns == {"passport_number": "", "passport_expiry": None, "date_of_birth": columns["date_of_birth"],
                       "photo": "", "passport_index": "", "family_name": "Silva"}
    assert Guest.objects.get(pk=guest.pk).date_of_birth is None
    assert not guest_photo_storage().exists(photo) and not sheet_storage().exists(sheet)
    assert FeedToken.objects.get(pk=feed.pk).token_encrypted == "" and FeedToken.objects.get(pk=feed.pk).revoked_at
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_personal_data", stdout=io.StringIO())  # the next day's run: nothing left to erase
    entry = AuditEntry.objects.get(action="event.personal_data_purged", event_id=event.pk)
    assert entry.details == {"passport_numbers": 1, "passport_expiry_dates": 1, "dates_of_birth": 1, "photos": 1,
                             "badge_sheets": 1, "feed_tokens": 1, "letters": 0, "kept_messages": 0,
                             "passport_scans": 0}
    assert entry.actor_kind == "task"
    text = str(list(AuditEntry.objects.values()))
    assert "K1234567" not in text and "1966" not in text and "2030" not in text


@pytest.mark.parametrize("held", [True, False])
def test_a_held_or_current_event_loses_nothing(event, held, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    event.start_date, event.end_date, event.legal_hold = (LONG_AGO, LONG_AGO, True) if held else (today, today, False)
    event.save()
    guest, photo, sheet, feed = personal_world(event)
    before = raw_columns(guest)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_personal_data", "--event", event.slug, stdout=out)
    assert "nothing erased" in out.getvalue() and ("legal hold" in out.getvalue()) == held
    assert raw_columns(guest) == before and guest_photo_storage().exists(photo) and sheet_storage().exists(sheet)
    assert FeedToken.objects.get(pk=feed.pk).token_encrypted != ""
    assert not AuditEntry.objects.filter(action="event.personal_data_purged", event_id=event.pk).exists()
    with pytest.raises(NotExpired):
        purge_event(event)


def test_the_daily_task_is_in_the_beat_schedule():
    from django.conf import settings

    from privacy.tasks import purge_personal_data

    assert settings.CELERY_BEAT_SCHEDULE["purge-personal-data"]["task"] == purge_personal_data.name
    assert purge_personal_data() == {}  # nothing is past its retention


def test_owners_set_retention_and_legal_hold_through_the_api(as_role, event):
    owner, url = as_role("owner"), f"/api/v1/events/{event.slug}/retention/"
    response = owner.patch(url, {"retention_days": 30, "legal_hold": True}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["legal_hold"] is True and response.json()["expired"] is False
    event.refresh_from_db()
    assert (event.retention_days, event.legal_hold) == (30, True)
    entry = AuditEntry.objects.get(action="event.changed", event_id=event.pk)
    assert entry.changes == {"retention_days": [90, 30], "legal_hold": [False, True]}
    for days in (0, 3651, "many"):
        refused = owner.patch(url, {"retention_days": days}, format="json")
        assert refused.status_code == 400 and list(refused.json()) == ["retention_days"]
    assert as_role("manager").patch(url, {"legal_hold": False}, format="json").status_code == 403
