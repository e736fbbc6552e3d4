"""Handing a finished e-mail to the outside world: an SMTP server (EMAIL_URL) or, without one, a
file outbox (.eml files in the "mail" storage, under outbox/) that the admin opens.

EMAIL_URL: smtp://user:password@host:587?tls=1 (STARTTLS), smtps://…:465 (TLS from the start),
?timeout=30. Errors come back classified: TransientMailError (4xx answers, refused or dropped
connections, timeouts: try again later) or PermanentMailError (5xx: the server's message is kept)."""
import dataclasses
import re
import smtplib
import socket
import ssl
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from ..storage import mail_storage


class MailError(Exception):
    transient = True

    def __init__(self, text, code=None):
        self.code = code
        super().__init__(f"{code} {text}" if code else text)


class TransientMailError(MailError):
    transient = True


class PermanentMailError(MailError):
    transient = False


@dataclasses.dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str = ""
    password: str = ""
    starttls: bool = False
    tls: bool = False
    timeout: float = 30.0


def parse_email_url(url: str) -> SmtpConfig | None:
    """None for an empty URL (the file outbox). Raises ValueError for anything but smtp(s)://."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("EMAIL_URL must look like smtp://user:pass@host:587?tls=1 or smtps://host:465")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    flag = query.get("tls", query.get("starttls", "0")).lower() in ("1", "true", "yes", "on")
    return SmtpConfig(
        host=parts.hostname, port=parts.port or (465 if parts.scheme == "smtps" else 25),
        username=unquote(parts.username or ""), password=unquote(parts.password or ""),
        starttls=flag and parts.scheme == "smtp", tls=parts.scheme == "smtps",
        timeout=float(query.get("timeout", "30")),
    )


def _answer(code, text) -> MailError:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return (PermanentMailError if 500 <= (code or 0) < 600 else TransientMailError)(text, code)


def deliver(*, sender: str, recipient: str, data: bytes, message_id: str, on_handover) -> str:
    """Send one message. `on_handover()` is called just before the text goes to the server: after
    that point an interrupted send may or may not have been delivered. Returns where it went."""
    config = parse_email_url(getattr(settings, "EMAIL_URL", ""))
    if config is None:
        on_handover()
        return _to_file(data, message_id)
    try:
        return _smtp(config, sender, recipient, data, on_handover)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        raise _answer(code, text) from None
    except smtplib.SMTPResponseException as exc:
        raise _answer(exc.smtp_code, exc.smtp_error) from None
    except (smtplib.SMTPException, OSError, socket.timeout, ssl.SSLError) as exc:
        raise TransientMailError(f"{type(exc).__name__}: {exc}") from None


def _smtp(config, sender, recipient, data, on_handover) -> str:
    connection_class = smtplib.SMTP_SSL if config.tls else smtplib.SMTP
    with connection_class(config.host, config.port, timeout=config.timeout) as smtp:
        smtp.ehlo()
        if config.starttls:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if config.username:
            smtp.login(config.username, config.password)
        code, text = smtp.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, text, sender)
        code, text = smtp.rcpt(recipient)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({recipient: (code, text)})
        on_handover()
        code, text = smtp.data(data)  # raises SMTPDataError unless the server asks for the text (354)
        if code != 250:
            raise smtplib.SMTPDataError(code, text)
    return f"smtp://{config.host}:{config.port}"


def _to_file(data: bytes, message_id: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9.@_-]", "", message_id)[:150] or "message"
    name = mail_storage().save(f"outbox/{timezone.now():%Y-%m-%d}/{stem}.eml", ContentFile(data))
    return f"file:{name}"
