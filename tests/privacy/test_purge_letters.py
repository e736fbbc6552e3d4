"""Letters print passport numbers: their PDFs, and messages kept in the file outbox, leave with the
event's personal data; the letter record stays (reference, state) and its PDF answers 409."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEntry
from correspondence.domain.letters import issue_letter
from correspondence.domain.outbox import create_messages, queue_message
from correspondence.models import Letter, Message
from correspondence.storage import mail_storage
from tests import factories

pytestmark = pytest.mark.django_db


def test_letter_pdfs_and_kept_mail_go_with_the_personal_data(event, as_role, settings, tmp_path,
                                                              django_capture_on_commit_callbacks):
    settings.MAIL_ROOT, settings.EMAIL_URL = tmp_path / "mail", ""
    guest = factories.make_guest(event, family_name="OKONJO", passport_number="A7654321", date_of_birth=datetime.date(1970, 1, 2),
                                 email="okonjo@example.ng", language="en")
    letter = issue_letter(guest, "visa")
    with django_capture_on_commit_callbacks(execute=True):
        message = Message.objects.get(run=create_messages(event=event, kind="invitation", selection={"guests": [guest.pk]},
                                                          letters=["visa"]))
        queue_message(message)
    message.refresh_from_db()
    assert message.state == "sent" and message.delivered_via.startswith("file:")
    files = [letter.file_name, message.delivered_via[5:]]
    assert all(mail_storage().exists(name) for name in files)

    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    event.start_date = event.end_date = long_ago
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_personal_data", "--event", event.slug, stdout=io.StringIO())
    assert not any(mail_storage().exists(name) for name in files)
    assert Letter.objects.get(pk=letter.pk).file_name == "" and Letter.objects.get(pk=letter.pk).reference
    details = AuditEntry.objects.get(action="event.personal_data_purged", event_id=event.pk).details
    assert details["letters"] >= 1 and details["kept_messages"] == 1
    answer = as_role("owner").get(f"/api/v1/events/{event.slug}/letters/{letter.pk}/pdf/")
    assert answer.status_code == 409 and answer.json()["code"] == "erased"
