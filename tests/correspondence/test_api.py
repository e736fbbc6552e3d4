"""The messages API: templates validated on save, drafts for a selection, preview, send, retry, cancel,
the guest's history, and bad input answered with a clear 4xx and nothing made."""
import pytest

from correspondence.models import Message, MessageState, SelectionRun
from events.models import Guest
from tests import factories
from tests.correspondence.world import forum_guest

pytestmark = pytest.mark.django_db


def url(event, tail=""):
    return f"/api/v1/events/{event.slug}/{tail}"


def test_a_template_with_an_unknown_placeholder_is_refused_naming_it(as_role, event):
    owner = as_role("owner")
    texts = {"en": {"subject": "Hello {guest.family_name}", "body": "Dear {guest.nickname}, see {event.name} {"}}
    response = owner.post(url(event, "message-templates/"), {"kind": "invitation", "texts": texts}, format="json")
    assert response.status_code == 400
    assert response.json() == {"texts": ["en: Unknown placeholder {guest.nickname}.",
                                         "en: A lone '{' at position 40: write '{{' for a literal brace."]}
    header = owner.post(url(event, "message-templates/"),
                        {"kind": "invitation", "texts": {"en": {"subject": "Hi\r\nBcc: x@evil.example", "body": "x"}}}, format="json")
    assert header.status_code == 400 and "line break" in header.json()["texts"][0]
    good = {"en": {"subject": "Welcome, {guest.full_name}", "body": "{{literal}} {event.dates}"}, "zh-hans": {"subject": "欢迎", "body": "您好"}}
    created = owner.post(url(event, "message-templates/"), {"kind": "invitation", "texts": good}, format="json")
    assert created.status_code == 201 and created.json()["texts"] == good
    again = owner.post(url(event, "message-templates/"), {"kind": "invitation", "texts": good}, format="json")
    assert again.status_code == 400 and "kind" in again.json()
    patched = owner.patch(url(event, f"message-templates/{created.json()['id']}/"),
                          {"texts": {"en": {"subject": "x", "body": "{portal}"}}}, format="json")
    assert patched.json() == {"texts": ["en: Unknown placeholder {portal}."]}


def test_drafts_preview_send_and_history(as_role, event, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_URL = ""  # the file outbox
    protocol = as_role("protocol")
    delegation = factories.DelegationFactory(event=event, name="Delegation of Egypt", country="EG")
    guests = [forum_guest(event, "ABDELRAHMAN", delegation=delegation), forum_guest(event, "VOLKOVA", delegation=delegation)]
    no_mail = forum_guest(event, "DLAMINI", delegation=delegation, email="")
    response = protocol.post(url(event, "messages/"), {"kind": "approval", "selection": {"delegation": delegation.pk}}, format="json")
    assert response.status_code == 202
    body = response.json()
    assert body["progress"] == {"done": 3, "total": 3} and body["status"] == "done"
    assert body["problems"] == [{"guest_id": no_mail.pk, "name": "DLAMINI", "reason": "no_email"}]
    listed = protocol.get(url(event, f"messages/?run={body['id']}")).json()["results"]
    assert sorted(m["guest"] for m in listed) == sorted(g.pk for g in guests)
    arabic = next(m for m in listed if m["guest"] == guests[0].pk)
    assert arabic["state"] == "draft" and arabic["language"] == "ar" and arabic["message_id"] == ""

    # A draft follows the record until it is queued.
    guests[0].given_name = "Mohammed"
    guests[0].save()
    preview = protocol.get(url(event, f"messages/{arabic['id']}/preview/")).json()
    assert "Dr. Mohammed ABDELRAHMAN" in preview["body_text"] and preview["language"] == "ar"
    with django_capture_on_commit_callbacks(execute=True):
        sent = protocol.post(url(event, f"messages/{arabic['id']}/send/"))
    assert sent.status_code == 200 and sent.json()["state"] == "queued" and sent.json()["message_id"].startswith("<")
    assert protocol.get(url(event, f"messages/{arabic['id']}/")).json()["state"] == "sent"
    assert protocol.post(url(event, f"messages/{arabic['id']}/send/")).json()["code"] == "illegal_transition"
    assert protocol.post(url(event, f"messages/{arabic['id']}/cancel/")).status_code == 409

    other = next(m for m in listed if m["guest"] == guests[1].pk)
    assert protocol.post(url(event, f"messages/{other['id']}/cancel/")).json()["state"] == "cancelled"
    history = protocol.get(url(event, f"guests/{guests[0].pk}/messages/")).json()["results"]
    assert [m["id"] for m in history] == [arabic["id"]]
    run = protocol.get(url(event, f"message-runs/{body['id']}/")).json()
    assert run["progress"] == {"done": 3, "total": 3}


def test_bad_selections_make_nothing(as_role, event, other_event):
    protocol = as_role("protocol")
    mine = forum_guest(event, "VOLKOVA")
    theirs = forum_guest(other_event, "DLAMINI")
    cases = [
        ({"kind": "approval", "selection": {"guests": [mine.pk, theirs.pk]}}, "selection", f"Not found in this event: {theirs.pk}."),
        ({"kind": "approval", "selection": {}}, "selection", "Choose guests, a delegation, categories, statuses or all."),
        ({"kind": "free_text", "selection": {"guests": [mine.pk]},
          "texts": {"en": {"subject": "Hi\nBcc: evil@example.org", "body": "x"}}}, "texts", None),
        ({"kind": "free_text", "selection": {"guests": [mine.pk]}, "texts": {"zh-hans": {"subject": "通知", "body": "您好"}}}, "texts", None),
        ({"kind": "approval", "selection": {"guests": [mine.pk]}, "letters": ["passport"]}, "letters", None),
    ]
    for payload, field, message in cases:
        response = protocol.post(url(event, "messages/"), payload, format="json")
        assert response.status_code == 400, payload
        assert field in response.json(), response.json()
        if message:
            assert response.json()[field] == [message]
    missing = protocol.post(url(event, "messages/"), cases[3][0], format="json").json()["texts"][0]
    assert f"{mine.pk} VOLKOVA (ru)" in missing
    assert Message.objects.count() == 0 and SelectionRun.objects.count() == 0


def test_visa_letters_need_the_passport_right(as_role, event):
    guest = forum_guest(event, "VOLKOVA")
    clerk = as_role("registration")
    response = clerk.post(url(event, "messages/"), {"kind": "visa_letter_cover", "selection": {"guests": [guest.pk]},
                                                    "letters": ["visa"]}, format="json")
    assert response.status_code == 400 and "view_passport" in response.json()["letters"][0]
    assert clerk.post(url(event, "letters/"), {"guest": guest.pk, "kind": "visa"}, format="json").status_code == 403
    assert clerk.post(url(event, "letters/"), {"guest": guest.pk, "kind": "invitation"}, format="json").status_code == 201


def test_a_failed_message_is_retried_with_the_same_message_id(as_role, event, settings, django_capture_on_commit_callbacks):
    from correspondence.domain.outbox import create_messages

    settings.EMAIL_URL = "smtp://127.0.0.1:9?timeout=1"  # nothing listens: refused
    settings.MAIL_MAX_ATTEMPTS, settings.MAIL_RETRY_BASE_SECONDS = 1, 0
    run = create_messages(event=event, kind="approval", selection={"guests": [forum_guest(event, "VOLKOVA").pk]})
    message = Message.objects.get(run=run)
    protocol = as_role("protocol")
    with django_capture_on_commit_callbacks(execute=True):
        protocol.post(url(event, f"messages/{message.pk}/send/"))
    failed = protocol.get(url(event, f"messages/{message.pk}/")).json()
    assert failed["state"] == "failed" and "ConnectionRefusedError" in failed["last_error"]
    settings.EMAIL_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        assert protocol.post(url(event, f"messages/{message.pk}/retry/")).json()["state"] == MessageState.QUEUED
    retried = protocol.get(url(event, f"messages/{message.pk}/")).json()
    assert retried["state"] == MessageState.SENT and retried["message_id"] == failed["message_id"]
    assert protocol.get(url(event, "messages/?state=failed")).json()["count"] == 0


def test_a_large_selection_is_drafted_by_a_worker_with_progress(as_role, event, monkeypatch, django_capture_on_commit_callbacks):
    from correspondence.domain import outbox

    monkeypatch.setattr(outbox, "INLINE_DRAFTS", 2)
    monkeypatch.setattr(outbox, "CHUNK", 2)
    guests = [forum_guest(event, name) for name in ("VOLKOVA", "ABDELRAHMAN", "DLAMINI", "TAN")]
    broken = forum_guest(event, "NURLANULY")
    Guest.objects.filter(pk=broken.pk).update(family_name="NURLANULY\r\nBcc: evil@example.org")  # however it got there
    broken.refresh_from_db()
    protocol = as_role("protocol")
    with django_capture_on_commit_callbacks(execute=True):
        response = protocol.post(url(event, "messages/"), {"kind": "registration_confirmation", "selection": {"all": True}}, format="json")
    assert response.status_code == 202 and response.json()["status"] == "running"
    assert response.json()["progress"] == {"done": 0, "total": 5}
    run = protocol.get(url(event, f"message-runs/{response.json()['id']}/")).json()
    assert run["status"] == "done" and run["progress"] == {"done": 5, "total": 5}
    assert run["problems"] == [{"guest_id": broken.pk, "name": broken.family_name, "reason": "name_has_line_break"}]
    assert Message.objects.filter(run_id=run["id"]).count() == len(guests)
    with django_capture_on_commit_callbacks(execute=True):
        assert protocol.post(url(event, f"message-runs/{run['id']}/send/")).status_code == 200
    assert set(Message.objects.filter(run_id=run["id"]).values_list("state", flat=True)) == {"sent"}


def test_the_demo_has_drafts_a_template_and_a_letter(db):
    from django.core.management import call_command

    from correspondence.models import Letter, MessageTemplate

    call_command("seed_demo")
    call_command("seed_demo")  # idempotent
    assert MessageTemplate.objects.filter(kind="programme_update").count() == 1
    assert Message.objects.filter(state="draft").count() > 0 and Letter.objects.count() == 1
