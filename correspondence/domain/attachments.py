"""Attachments are made from the record when a message is first sent, then kept: every re-send
carries the very same files (and the same letter reference numbers)."""
from django.conf import settings
from django.db import transaction

from events.models import Guest

from ..models import LetterKind, MessageAttachment
from ..storage import mail_storage
from .letters import issue_letter

FILENAMES = {LetterKind.INVITATION: "invitation-letter", LetterKind.VISA: "visa-invitation-letter"}


class AttachmentError(Exception):
    transient = False


def max_bytes() -> int:
    return getattr(settings, "MAIL_ATTACHMENTS_MAX_BYTES", 10 * 1024 * 1024)


def ensure_attachments(message) -> None:
    if not message.letters or message.attachments.exists():
        return
    guest = Guest.objects.select_related("event", "delegation").filter(pk=message.guest_id).first()
    if guest is None:
        raise AttachmentError("The guest was deleted: no letter can be made.")
    with transaction.atomic():
        total = 0
        for kind in message.letters:
            try:
                letter = issue_letter(guest, kind, by=message.created_by)
            except Exception as exc:  # noqa: BLE001 - a letter that cannot be made fails the message visibly
                raise AttachmentError(f"The {kind} letter could not be made: {exc}") from exc
            size = mail_storage().size(letter.file_name)
            total += size
            if total > max_bytes():
                raise AttachmentError(f"Attachments of {total} bytes exceed the limit of {max_bytes()} bytes.")
            MessageAttachment.objects.create(message=message, letter=letter, filename=f"{FILENAMES[kind]}-{letter.reference}.pdf",
                                             file_name=letter.file_name, size=size)


def read_attachment(attachment) -> bytes:
    with mail_storage().open(attachment.file_name, "rb") as handle:
        return handle.read()
