"""Retention: an event's personal data leaves `retention_days` after its end date, unless the event
is on legal hold. Erased: passport numbers and expiry, dates of birth, photos (files too) here; the
apps above erase theirs (badge sheets, feed tokens, …) on personal_data_purging. Names, statuses and
counts stay (reports need them). One audit entry per purged event, with counts only."""
import datetime

from django.db import transaction
from django.utils import timezone

from audit import domain as audit
from audit.models import AuditEntry
from core.stored_files import delete_after_commit
from events.models import Event, Guest
from events.models.uploads import guest_photo_storage

from .signals import personal_data_purging

PURGED = "event.personal_data_purged"


class NotExpired(Exception):
    """The event is not past its retention (or is on legal hold): nothing is erased."""


def purge_date(event: Event) -> datetime.date:
    return event.end_date + datetime.timedelta(days=event.retention_days)


def is_expired(event: Event, today: datetime.date | None = None) -> bool:
    return not event.legal_hold and purge_date(event) <= (today or timezone.localdate())


def expired_events(today: datetime.date | None = None):
    today = today or timezone.localdate()
    return [event for event in Event.objects.filter(legal_hold=False, end_date__lt=today).order_by("end_date", "id")
            if is_expired(event, today)]


def _held(guest) -> dict:
    return {"passport_numbers": bool(guest.passport_number), "passport_expiry_dates": guest.passport_expiry is not None,
            "dates_of_birth": guest.date_of_birth is not None, "photos": bool(guest.photo)}


def purge_event(event: Event, *, dry_run=False, by=None, today=None) -> dict:
    """Erase the personal data of an expired event; returns {what: count}. Raises NotExpired."""
    if not is_expired(event, today):
        reason = "is on legal hold" if event.legal_hold else f"is kept until {purge_date(event).isoformat()}"
        raise NotExpired(f"{event.slug} {reason}; nothing erased.")
    with transaction.atomic():
        guests = [guest for guest in Guest.objects.filter(event=event).order_by("id").only(
            "id", "event_id", "passport_number", "passport_expiry", "date_of_birth", "photo") if any(_held(guest).values())]
        counts = {what: sum(_held(guest)[what] for guest in guests) for what in _held(Guest()).keys()}
        photos = [guest.photo.name for guest in guests if guest.photo]
        for _receiver, answer in personal_data_purging.send(sender=Event, event=event, dry_run=dry_run):
            counts.update(answer or {})
        if dry_run:
            return counts
        if not any(counts.values()) and AuditEntry.objects.filter(action=PURGED, event_id=event.pk).exists():
            return counts  # purged before, nothing came back: the daily run leaves no empty entry
        for guest in guests:
            guest.passport_number, guest.passport_expiry, guest.date_of_birth, guest.photo = "", None, None, ""
            guest.save(update_fields=["passport_number", "passport_expiry", "date_of_birth", "photo", "updated_at"])
        storage = guest_photo_storage()
        for name in photos:
            delete_after_commit(storage, name)
        audit.record(by, PURGED, event=event, obj=event, details=counts)
    return counts
