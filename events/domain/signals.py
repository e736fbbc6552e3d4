"""What the events domain tells other apps. Apps above events (badges, delegations, the audit
trail) react through these signals, so that events imports none of them.

Sent inside the operation's transaction (a receiver that fails undoes the operation):
- guest_status_changing(guest_ids, status, reason, by): these guests enter `status`.
- guests_deleting(guest_ids, reason, by): these guests are about to be deleted.
- guests_holding_passes(guest_ids) → each receiver returns the ids among them that hold a pass
  which opens gates (asked before a deletion; not an event, a question).
- personal_data_purging(event, dry_run) → each receiver erases its app's personal data of an event
  past its retention (files after commit) and returns {what: how many} (only counts if dry_run).

Sent once the operation has committed (`by` is the acting user, or None for the system):
- guest_created(guest, by), guest_changed(guest, fields, by),
  guest_status_changed(guest_ids, action, status, by), guests_deleted(guest_ids, event_id, by),
- event_created(event, by), event_changed(event, fields, by), event_deleted(event_id, slug, by),
- membership_changed(membership, action ("added", "changed", "removed"), by)."""
from django.db import transaction
from django.dispatch import Signal

guest_status_changing = Signal()
guests_deleting = Signal()
guests_holding_passes = Signal()
personal_data_purging = Signal()

guest_created = Signal()
guest_changed = Signal()
guest_status_changed = Signal()
guests_deleted = Signal()
event_created = Signal()
event_changed = Signal()
event_deleted = Signal()
membership_changed = Signal()


def send_after_commit(signal: Signal, sender, **kwargs) -> None:
    """Send `signal` once the current transaction commits (at once outside one); never on rollback."""
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs), robust=True)
