"""The admin outbox: state filter, preview, send through the domain operation, the file outbox's .eml,
and the event scoping of events/admin_scope.py."""
import pytest

from correspondence.domain.outbox import create_messages
from correspondence.models import Message, MessageState
from tests import factories
from tests.correspondence.world import forum_guest

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafts(event):
    run = create_messages(event=event, kind="invitation", selection={"guests": [forum_guest(event, "VOLKOVA").pk]})
    return list(Message.objects.filter(run=run))


def test_an_officer_previews_and_sends_from_the_outbox(client, event, drafts, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_URL = ""
    officer = factories.make_member(event, "protocol", is_staff=True)
    client.force_login(officer)
    listed = client.get("/admin/correspondence/message/?state__exact=draft")
    assert listed.status_code == 200 and drafts[0].recipient_email in listed.content.decode()
    page = client.get(f"/admin/correspondence/message/{drafts[0].pk}/change/").content.decode()
    assert "srcdoc=" in page and "Приглашение" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/correspondence/message/", {"action": "send", "_selected_action": [drafts[0].pk]})
    drafts[0].refresh_from_db()
    assert drafts[0].state == MessageState.SENT and drafts[0].delivered_via.startswith("file:outbox/")
    eml = client.get(f"/admin/correspondence/message/{drafts[0].pk}/eml/")
    assert eml["Content-Type"] == "message/rfc822" and drafts[0].message_id.encode() in eml.content
    assert client.get("/admin/correspondence/message/?state__exact=draft").content.decode().count(drafts[0].recipient_email) == 0


def test_the_outbox_of_another_event_stays_hidden(client, event, other_event, drafts):
    stranger = factories.make_member(other_event, "owner", is_staff=True)
    client.force_login(stranger)
    assert drafts[0].recipient_email not in client.get("/admin/correspondence/message/").content.decode()
    assert client.get(f"/admin/correspondence/message/{drafts[0].pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/correspondence/message/{drafts[0].pk}/eml/").status_code == 404
