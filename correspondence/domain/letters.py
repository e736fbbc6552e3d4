"""Letters: issuing an invitation or visa-support letter to a guest (a record with a reference number,
the PDF kept in the "mail" storage), revoking it, and what a consulate's check shows.

Every generation is recorded through record_letter_event(), the one place the audit trail hooks
into (for now it logs and announces letter_generated / letter_revoked after commit)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from audit import domain as audit
from core.errors import StateConflict
from events.models import Event

from ..models import Letter, LetterKind
from ..signals import letter_generated, letter_revoked
from ..storage import mail_storage
from . import letter_codes
from .letter_texts import second_language


def record_letter_event(action: str, letter, *, by=None) -> None:
    """The single record of a letter being generated or revoked (no personal data: the reference, the
    guest's id, who) in the audit trail, and a signal after commit."""
    audit.record(by, f"letter.{action}", event=letter.event_id, obj=letter, guest_id=letter.guest_id,
                 object_label=letter.reference)
    signal = letter_generated if action == "generated" else letter_revoked
    transaction.on_commit(lambda: signal.send(sender=Letter, letter=letter, by=by))


def _initials(guest) -> str:
    parts = [p for p in (guest.given_name, guest.family_name) if p]
    return "".join(f"{p.strip()[0].upper()}." for p in parts if p.strip())[:20]


def visit_dates(guest):
    event = guest.event
    start = min(event.start_date, guest.arrival_time.astimezone(event.tzinfo).date()) if guest.arrival_time else event.start_date
    end = max(event.end_date, guest.departure_time.astimezone(event.tzinfo).date()) if guest.departure_time else event.end_date
    return start, end


def verify_url(code: str) -> str:
    base = getattr(settings, "LETTERS_PUBLIC_URL", "") or getattr(settings, "FEEDS_PUBLIC_URL", "") or "http://127.0.0.1:8000"
    return f"{base.rstrip('/')}/verify/letter/{code}"


def issue_letter(guest, kind, *, by=None) -> Letter:
    """A new letter for `guest`, its PDF rendered from the record and stored. A visa letter needs the
    passport number, nationality and date of birth on record (ValidationError naming what is missing).
    The caller checks rights (view_passport for visa letters)."""
    from ..interfaces.letter_pdf import render_letter

    if kind not in LetterKind.values:
        raise ValidationError({"kind": [f"{kind!r} is not a letter kind ({', '.join(LetterKind.values)})."]})
    if kind == LetterKind.VISA:
        missing = [name for name, value in (("passport_number", guest.passport_number), ("date_of_birth", guest.date_of_birth),
                                            ("country", guest.country)) if not value]
        if missing:
            raise ValidationError({"guest": [f"A visa letter needs {', '.join(missing)} on the guest's record."]})
    start, end = visit_dates(guest)
    with transaction.atomic():
        letter = Letter.objects.create(
            event=guest.event, guest=guest, kind=kind, reference=f"pending-{timezone.now().timestamp()}-{guest.pk}",
            languages=["zh-hans", second_language(guest.language)], initials=_initials(guest),
            nationality=guest.country, visit_start=start, visit_end=end,
            created_by=audit.signed_in_user(by),
        )
        letter.reference = f"{'VL' if kind == LetterKind.VISA else 'IL'}-{guest.event.start_date:%Y}-{letter.pk:06d}"
        code = letter_codes.encode(letter)
        pdf = render_letter(letter, guest, verify_url(code))
        storage = mail_storage()
        letter.file_name = storage.save(f"letters/{guest.event_id}/{letter.reference}.pdf", ContentFile(pdf))
        letter.save(update_fields=["reference", "file_name"])
        record_letter_event("generated", letter, by=by)
    return letter


def letter_code(letter) -> str:
    return letter_codes.encode(letter)


def open_letter(letter) -> bytes:
    if not letter.file_name:
        raise StateConflict("The letter's file was erased with the event's personal data.", code="erased")
    with mail_storage().open(letter.file_name, "rb") as handle:
        return handle.read()


def revoke_letter(letter, *, reason="", by=None) -> Letter:
    with transaction.atomic():
        letter = Letter.objects.select_for_update().get(pk=letter.pk)
        if letter.revoked_at is not None:
            raise StateConflict("The letter is already revoked.", code="letter_revoked")
        letter.revoked_at, letter.revocation_reason = timezone.now(), reason[:300]
        letter.revoked_by = audit.signed_in_user(by)
        letter.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
        record_letter_event("revoked", letter, by=by)
    return letter


def check_code(code: str) -> Letter | None:
    """The letter a code stands for if it is genuine (signed by its event's key), revoked or not;
    None for anything else — unknown, altered, or signed by another key."""
    try:
        event_id, *_ = letter_codes.read(code)
        event = Event.objects.filter(pk=event_id).first()
        if event is None:
            return None
        letter_id = letter_codes.verify(code, event)
    except letter_codes.InvalidLetterCode:
        return None
    return Letter.objects.filter(pk=letter_id, event=event).select_related("event").first()
