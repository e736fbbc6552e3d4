"""Sending one queued message, once.

Decision — at most once, automatically; at least once only by an officer's retry:
1. The worker claims the message (queued → sending, row locked with select_for_update, committed),
   so two deliveries of the same task never both send it.
2. Just before the message text goes to the server, `handed_over_at` is committed. Up to that point an
   interrupted attempt (worker killed, host down) certainly delivered nothing: the sweep
   (recover_interrupted) puts such a message back in the queue, with the same Message-ID.
3. After it, the server may or may not have taken the message. Re-sending automatically could send it
   twice, so the sweep marks it failed ("interrupted while handing over…") and an officer decides:
   retry/ sends it again with the same Message-ID, which receiving systems use to drop duplicates.
Transient SMTP errors (4xx, refused connection, timeout) go back to the queue with exponential
back-off up to MAIL_MAX_ATTEMPTS; permanent ones (5xx) fail at once with the server's message."""
import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from audit import domain as audit

from ..models import Message, MessageState
from ..signals import message_queued
from .attachments import AttachmentError, ensure_attachments, read_attachment
from .outbox import _announce, _record, _set_state
from .transport import MailError, PermanentMailError, deliver

logger = logging.getLogger(__name__)
WORKER = audit.Actor.for_task("correspondence.send_message")
SWEEP = audit.Actor.for_task("correspondence.recover_interrupted_messages")


def _setting(name, default):
    return getattr(settings, name, default)


def lease() -> datetime.timedelta:
    """How long a claim holds: a live attempt ends well within it (SMTP timeouts are 30 s)."""
    return datetime.timedelta(seconds=_setting("MAIL_SENDING_LEASE_SECONDS", 600))


def backoff(attempts: int) -> int:
    return min(_setting("MAIL_RETRY_BASE_SECONDS", 30) * 2 ** max(attempts - 1, 0), 6 * 3600)


def _claim(message_id) -> Message | None:
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state != MessageState.QUEUED:
            return None  # sent, failed, cancelled, or claimed by another attempt
        _set_state(message, MessageState.SENDING, attempts=message.attempts + 1, sending_started_at=timezone.now(),
                   handed_over_at=None)
    return message


def build_email(message) -> EmailMultiAlternatives:
    from email.utils import formataddr

    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body_text, from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((message.recipient_name, message.recipient_email))],
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={"Message-ID": message.message_id, "Content-Language": message.language,
                 "Auto-Submitted": "auto-generated"},
    )
    email.attach_alternative(message.body_html, "text/html")
    for attachment in (message.attachments.all() if message.letters else ()):
        email.attach(attachment.filename, read_attachment(attachment), attachment.content_type)
    return email


def send_message(message_id) -> int | None:
    """Send a queued message. Returns the seconds after which to try again (a transient error left
    it queued), or None (sent, failed, or nothing to do)."""
    message = _claim(message_id)
    if message is None:
        return None
    try:
        ensure_attachments(message)
        email = build_email(message)
        data = email.message().as_bytes(linesep="\r\n")
        sender = email.from_email.rsplit("<", 1)[-1].rstrip(">").strip()

        def handed_over():
            message.handed_over_at = timezone.now()
            Message.objects.filter(pk=message.pk).update(handed_over_at=message.handed_over_at)

        where = deliver(sender=sender, recipient=message.recipient_email, data=data, message_id=message.message_id,
                on_handover=handed_over)
    except (AttachmentError, MailError) as exc:
        return _after_failure(message, exc)
    except Exception as exc:  # noqa: BLE001 - a bug must leave a visible failed message, not a stuck one
        logger.exception("Message %s could not be sent", message.pk)
        return _after_failure(message, PermanentMailError(f"{type(exc).__name__}: {exc}"))
    with transaction.atomic():
        # Still ours: nothing else moves a message out of `sending` within the lease.
        _set_state(message, MessageState.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None,
                   delivered_via=where)
        _record(WORKER, "message.sent", message)
    return None


def _after_failure(message, exc) -> int | None:
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message.pk)
        if getattr(exc, "transient", False) and message.attempts < _setting("MAIL_MAX_ATTEMPTS", 6):
            delay = backoff(message.attempts)
            _set_state(message, MessageState.QUEUED, last_error=str(exc)[:2000],
                       next_attempt_at=timezone.now() + datetime.timedelta(seconds=delay))
            _record(WORKER, "message.deferred", message)
            return delay
        _set_state(message, MessageState.FAILED, last_error=str(exc)[:2000], next_attempt_at=None)
        _record(WORKER, "message.failed", message)
    return None


def recover_interrupted(now=None) -> dict:
    """The sweep (Celery beat, every minute): messages left `sending` past the lease by an attempt that
    died go back to the queue if nothing was handed over, else fail for an officer to decide; queued
    messages whose retry is overdue (their task was lost) are handed to a worker again."""
    now = now or timezone.now()
    counts = {"requeued": 0, "failed": 0, "redispatched": 0}
    with transaction.atomic():
        stuck = Message.objects.select_for_update(skip_locked=True).filter(
            state=MessageState.SENDING, sending_started_at__lt=now - lease())
        for message in stuck:
            if message.handed_over_at is None:
                _set_state(message, MessageState.QUEUED, last_error="Interrupted before the server got it; queued again.")
                _record(SWEEP, "message.requeued", message)
                _announce(message_queued, message=message, countdown=0)
                counts["requeued"] += 1
            else:
                _set_state(message, MessageState.FAILED, last_error=(
                    "Interrupted while the server was taking the message: it may or may not have been delivered. "
                    "Retry to send it again with the same Message-ID."))
                _record(SWEEP, "message.failed", message)
                counts["failed"] += 1
        overdue = Message.objects.filter(state=MessageState.QUEUED, next_attempt_at__lt=now - lease())
        for message in overdue:
            _announce(message_queued, message=message, countdown=0)
            counts["redispatched"] += 1
    return counts
