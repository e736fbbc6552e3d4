"""Messages through a real SMTP server (aiosmtpd in its own process), tasks in-process."""
import datetime

import pytest

from audit.models import AuditEntry
from correspondence.domain.outbox import create_messages, queue_message
from correspondence.models import Message, MessageState
from tests import factories
from tests.correspondence.world import forum_guest
from tests.helpers.pdf import extract_text

pytestmark = pytest.mark.django_db(transaction=True)


def _draft_for(event, guest, **kwargs):
    run = create_messages(event=event, kind=kwargs.pop("kind", "invitation"), selection={"guests": [guest.pk]}, **kwargs)
    return Message.objects.get(run=run)


def _queued_for_dlamini(event):
    """An invitation to Dlamini, queued (tasks run in-process: sent, deferred or failed by now) and read again."""
    message = _draft_for(event, forum_guest(event, "DLAMINI"))
    queue_message(message)
    message.refresh_from_db()
    return message


def _attachments(delivered):
    return {part.get_filename(): part.get_content() for part in delivered.iter_attachments()}


def test_invitations_arrive_in_each_guests_language_with_placeholders_filled(smtp_server, event):
    from correspondence.models import EventMailSettings

    EventMailSettings.objects.create(event=event, reply_to="visits@liaison.example.org")
    delegation = factories.DelegationFactory(event=event, name="Delegation of the Russian Federation", country="RU", language="ru")
    volkova = forum_guest(event, "VOLKOVA", delegation=delegation)
    abdelrahman = forum_guest(event, "ABDELRAHMAN")
    nurlanuly = forum_guest(event, "NURLANULY", delegation=factories.DelegationFactory(event=event, language="ru"))
    tan = forum_guest(event, "TAN")  # Malay: no text → English
    run = create_messages(event=event, kind="invitation", selection={"guests": [volkova.pk, abdelrahman.pk, nurlanuly.pk, tan.pk]},
                          deadline=datetime.date(2023, 10, 1))
    assert (run.total, run.done, run.status, run.problems) == (4, 4, "done", [])
    for message in Message.objects.filter(run=run):
        queue_message(message)
    delivered = {mail["To"].addresses[0].addr_spec: mail for mail in smtp_server.received()}
    assert set(delivered) == {g.email for g in (volkova, abdelrahman, nurlanuly, tan)}

    ru = delivered[volkova.email]
    record = Message.objects.get(guest=volkova)
    assert record.state == MessageState.SENT and record.attempts == 1
    assert ru["Subject"].strip() == "Приглашение: Тестовый форум"
    assert ru["Message-ID"] == record.message_id and record.message_id.endswith("@liaison.example.org>")
    assert ru["Reply-To"] == "visits@liaison.example.org"
    assert ru["Content-Language"] == "ru"
    assert ru["From"] == "Protocol Office <protocol@liaison.example.org>"
    text = ru.get_body(("plain",)).get_content()
    assert "Уважаемый(ая) Dr. Irina VOLKOVA!" in text and "2023-10-31 – 2023-11-03" in text and "до 2023-10-01" in text
    assert "{" not in text
    assert '<html lang="ru" dir="ltr">' in ru.get_body(("html",)).get_content()

    ar = delivered[abdelrahman.email]
    assert ar["Content-Language"] == "ar" and ar["Subject"].strip().startswith("دعوة: ")
    assert 'dir="rtl"' in ar.get_body(("html",)).get_content()
    # Kazakh: not a language of the texts → the delegation's (Russian).
    assert delivered[nurlanuly.email]["Content-Language"] == "ru"
    assert delivered[tan.email]["Content-Language"] == "en"
    assert delivered[tan.email]["Subject"].strip() == "Invitation: Test Forum"


def test_letters_are_attached_with_the_guests_names(smtp_server, event):
    volkova = forum_guest(event, "VOLKOVA")
    message = _draft_for(event, volkova, kind="visa_letter_cover", letters=["visa", "invitation"])
    queue_message(message)
    (mail,) = smtp_server.received()
    files = _attachments(mail)
    assert sorted(files) == sorted(a.filename for a in message.attachments.all())
    visa = extract_text(next(body for name, body in files.items() if name.startswith("visa")))
    assert "Irina VOLKOVA" in visa and "Ирина Волкова" in visa and "伊琳娜·沃尔科娃" in visa
    assert "邀请函(签证用)" in visa and "Приглашение для оформления визы" in visa
    assert volkova.passport_number in visa and volkova.date_of_birth.isoformat() in visa
    invitation = extract_text(next(body for name, body in files.items() if name.startswith("invitation")))
    assert "Irina VOLKOVA" in invitation and "Пригласительное письмо" in invitation


def test_a_transient_451_is_retried_and_delivered_once(smtp_server, event, settings):
    settings.MAIL_RETRY_BASE_SECONDS = 0
    smtp_server.script("451 4.7.1 Greylisted, try again later")
    message = _queued_for_dlamini(event)
    assert message.state == MessageState.SENT and message.attempts == 2
    (mail,) = smtp_server.received()
    assert mail["Message-ID"] == message.message_id
    # The worker's steps are in the trail, with the task as actor.
    trail = list(AuditEntry.objects.filter(object_type="message", object_id=str(message.pk))
                 .order_by("pk").values_list("action", "actor_kind", "actor_id"))
    assert trail == [("message.queued", "system", ""),
                     ("message.deferred", "task", "correspondence.send_message"),
                     ("message.sent", "task", "correspondence.send_message")]


def test_a_permanent_550_fails_at_once_with_the_servers_message(smtp_server, event):
    smtp_server.script("550 5.1.1 <sipho.dlamini@example.za>: Recipient address rejected")
    message = _queued_for_dlamini(event)
    assert message.state == MessageState.FAILED and message.attempts == 1
    assert message.last_error == "550 5.1.1 <sipho.dlamini@example.za>: Recipient address rejected"
    assert smtp_server.received() == []
    assert AuditEntry.objects.filter(object_id=str(message.pk), action="message.failed", actor_kind="task").count() == 1


def test_transient_errors_stop_at_the_limit(smtp_server, event, settings):
    settings.MAIL_RETRY_BASE_SECONDS, settings.MAIL_MAX_ATTEMPTS = 0, 3
    smtp_server.script(*["421 4.3.2 busy"] * 5)
    message = _queued_for_dlamini(event)
    assert (message.state, message.attempts, message.last_error) == (MessageState.FAILED, 3, "421 4.3.2 busy")


def test_a_refused_connection_is_transient(event, settings):
    from tests.helpers.processes import free_port

    settings.EMAIL_URL, settings.MAIL_RETRY_BASE_SECONDS, settings.MAIL_MAX_ATTEMPTS = f"smtp://127.0.0.1:{free_port()}", 0, 2
    message = _queued_for_dlamini(event)
    assert message.state == MessageState.FAILED and message.attempts == 2
    assert "ConnectionRefusedError" in message.last_error


def test_without_email_url_messages_go_to_the_file_outbox(event, settings):
    from correspondence.storage import mail_storage

    settings.EMAIL_URL = ""
    message = _queued_for_dlamini(event)
    assert message.state == MessageState.SENT
    storage = mail_storage()
    names = [f"outbox/{day}/{name}" for day in storage.listdir("outbox")[0] for name in storage.listdir(f"outbox/{day}")[1]]
    (name,) = [name for name in names if message.message_id.strip("<>") in name]
    with storage.open(name) as handle:
        saved = handle.read().decode()
    assert f"Message-ID: {message.message_id}" in saved and "Subject: Invitation: Test Forum" in saved
