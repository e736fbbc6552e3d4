"""A worker killed while sending: the message is sent once, never twice, with its one Message-ID.
Real Celery workers on Redis and PostgreSQL, a real SMTP server; the kill is a SIGKILL."""
import time

import pytest

from correspondence.domain.outbox import create_messages, queue_message, retry_message
from correspondence.domain.sending import recover_interrupted
from correspondence.models import Message, MessageState
from tests.correspondence.world import forum_guest
from tests.helpers.processes import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _queued(event, family_name):
    run = create_messages(event=event, kind="approval", selection={"guests": [forum_guest(event, family_name).pk]})
    return queue_message(Message.objects.get(run=run))


def _killed_while_stalled(smtp_server, mail_workers, event, family_name, *, stall, marker):
    """A message queued to a worker that is killed once the SMTP server, told to `stall`, has left `marker`."""
    smtp_server.script(stall)
    first = mail_workers(smtp_server.url)
    message = _queued(event, family_name)
    wait_for(lambda: (smtp_server.folder / marker).exists(), seconds=60)
    first.kill()
    message.refresh_from_db()
    return message


def _state(message):
    message.refresh_from_db()
    return message.state


def test_killed_while_the_server_takes_the_text_fails_for_an_officer_then_retry_sends_it_once(
        smtp_server, mail_workers, event, settings):
    message = _killed_while_stalled(smtp_server, mail_workers, event, "VOLKOVA", stall="stall", marker="stalled-data")
    assert message.state == MessageState.SENDING and message.handed_over_at is not None

    settings.MAIL_SENDING_LEASE_SECONDS = 0
    assert recover_interrupted() == {"requeued": 0, "failed": 1, "redispatched": 0}
    message.refresh_from_db()
    assert message.state == MessageState.FAILED and "may or may not have been delivered" in message.last_error
    assert smtp_server.received() == []

    mail_workers(smtp_server.url)
    retry_message(message)
    assert wait_for(lambda: _state(message) == MessageState.SENT, seconds=60)
    time.sleep(1)  # anything sent twice would have arrived by now
    (mail,) = smtp_server.received()
    assert mail["Message-ID"] == message.message_id
    assert mail["To"].addresses[0].addr_spec == message.recipient_email


def test_killed_before_the_text_went_out_is_sent_again_by_itself_once(smtp_server, mail_workers, event, settings):
    message = _killed_while_stalled(smtp_server, mail_workers, event, "ABDELRAHMAN", stall="stall-rcpt", marker="stalled-rcpt")
    assert message.state == MessageState.SENDING and message.handed_over_at is None
    message_id = message.message_id

    mail_workers(smtp_server.url)
    settings.MAIL_SENDING_LEASE_SECONDS = 0
    assert recover_interrupted()["requeued"] == 1
    assert wait_for(lambda: _state(message) == MessageState.SENT, seconds=60)
    time.sleep(1)
    (mail,) = smtp_server.received()
    assert mail["Message-ID"] == message_id == message.message_id
    assert message.attempts == 2
