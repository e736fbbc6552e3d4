"""The check-in decision: one function, `scan()`, one database transaction per scan. Every scan
(the DRF scan view, the desk, the offline upload) goes through it.

The badge is judged by badges.domain.validity (the one judgement of a badge code); the scan's reads
and writes are the statements of checkin.domain.gate_sql (why SQL: see there). Race-freedom:
the guest's ZonePresence rows for the gate's zones are locked with SELECT … FOR UPDATE in zone
order before the decision is taken, as pretix locks its check-in rows; two gates scanning the same
single-entry badge at the same moment are serialized on those rows, and the second sees the first
one's entry. A row not there yet (the guest's first scan in that zone) is inserted with its new
state; if a concurrent scan inserted it first, the unique constraint refuses the second insert, the
transaction rolls back and the scan is judged again, now finding (and waiting for) that row.
Idempotency: a scan's nonce is unique per event; a retried or concurrently repeated nonce returns
the first answer.

Judgement is "as of" the scan time: online scans at the server's now, offline uploads at their
`scanned_at`. A badge revoked (or superseded, or a guest cancelled) after an offline scan was
made is accepted and flagged, since the gate could not have known.
"""
import dataclasses
import datetime
import hashlib
import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import domain as audit
from badges.domain import validity
from checkin.models import (
    DEFAULT_REENTRY,
    Checkpoint,
    CheckpointDirection,
    Direction,
    Reentry,
    Scan,
    ScanResult,
    ZonePolicy,
    ZonePresence,
)

from . import gate_sql
from .messages import scan_message
from .summary import guest_summary, zone_summary

R = ScanResult

# How far a device clock may run ahead of the server's, and how long before the event opens a
# scan can plausibly have been made.
CLOCK_SKEW = datetime.timedelta(minutes=5)
EARLIEST_BEFORE_EVENT = datetime.timedelta(days=7)
NONCE_MAX_LENGTH = 64
NONCE_PATTERN = re.compile(rf"[A-Za-z0-9_.:-]{{8,{NONCE_MAX_LENGTH}}}")

# Colour on the desk page: green, amber, red.
TONES = {R.OK: "ok", R.ALREADY_INSIDE: "warning"}

# Results after which the guard may see who the badge belongs to. Invalid and wrong-event codes
# reveal nothing (no badge of this event was identified).
SHOWS_GUEST = frozenset(R.values) - {R.INVALID, R.WRONG_EVENT}


class ScanRejected(Exception):
    """The request itself is wrong (not the badge): a 400 naming the field."""

    status_code = 400
    code = "invalid"

    def __init__(self, errors: dict):
        self.errors = errors
        super().__init__(errors)

    @property
    def body(self) -> dict:
        """The API's answer: the errors by field."""
        return dict(self.errors)


class NonceReused(ScanRejected):
    """The nonce was already used for a different code or gate: a 409, nothing recorded."""

    status_code = 409
    code = "nonce_reused"

    @property
    def body(self) -> dict:
        return {"detail": next(iter(self.errors.values()))[0], "code": self.code, **self.errors}


@dataclasses.dataclass(frozen=True)
class ScanOutcome:
    scan_id: int
    response: dict  # the answer as recorded with the scan (Scan.response)
    replayed: bool

    @property
    def body(self) -> dict:
        return {**self.response, "scan_id": self.scan_id, "replayed": self.replayed}


@dataclasses.dataclass(frozen=True)
class Gate:
    """A checkpoint as a scan needs it: where it belongs, which way it scans, whether it is open,
    and the zones it opens."""

    id: int
    event_id: int
    direction: str
    is_active: bool
    zone_ids: frozenset[int]

    allows = Checkpoint.allows  # the model's rule: it reads only `direction`

    @classmethod
    def find(cls, event, checkpoint_id: int) -> "Gate | None":
        """The checkpoint `checkpoint_id` of `event` (an Event or its id) with its zones, in one
        query; None if the event has none such."""
        event_id = getattr(event, "pk", event)
        rows = gate_sql.gate_rows(event_id, checkpoint_id)
        if not rows:
            return None
        direction, is_active, _ = rows[0]
        return cls(id=checkpoint_id, event_id=event_id, direction=direction, is_active=is_active,
                   zone_ids=frozenset(zone_id for *_, zone_id in rows if zone_id is not None))

    @classmethod
    def of(cls, checkpoint: Checkpoint | None) -> "Gate | None":
        return None if checkpoint is None else cls.find(checkpoint.event_id, checkpoint.pk)


def code_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def validate_nonce(nonce) -> str:
    if not isinstance(nonce, str) or not nonce.strip():
        raise ScanRejected({"nonce": ["A nonce is required: a random string made once per scan."]})
    nonce = nonce.strip()
    if not NONCE_PATTERN.fullmatch(nonce):
        raise ScanRejected({"nonce": [f"A nonce is 8–{NONCE_MAX_LENGTH} characters of A–Z, a–z, 0–9, '-', '_', '.' or ':'."]})
    return nonce


def check_in_window(event):
    """The earliest plausible scan time for the event."""
    opens = datetime.datetime.combine(event.start_date, datetime.time.min, tzinfo=event.tzinfo)
    return opens - EARLIEST_BEFORE_EVENT


def validate_request(event, gate, direction=None, scanned_at=None, *, now=None):
    """Checks that do not depend on the badge; returns the direction to use. Raises ScanRejected."""
    now = now or timezone.now()
    if gate is None or gate.event_id != event.pk:
        raise ScanRejected({"checkpoint": ["No such checkpoint at this event."]})
    if not gate.is_active:
        raise ScanRejected({"checkpoint": ["This checkpoint is closed."]})
    if direction in (None, ""):
        if gate.direction == CheckpointDirection.BOTH:
            raise ScanRejected({"direction": ["This checkpoint scans both ways: give 'entry' or 'exit'."]})
        direction = gate.direction
    if direction not in Direction.values:
        raise ScanRejected({"direction": ["Give 'entry' or 'exit'."]})
    if not gate.allows(direction):
        raise ScanRejected({"direction": [f"This checkpoint is for {gate.direction} only."]})
    if scanned_at is not None:
        if scanned_at.tzinfo is None:
            raise ScanRejected({"scanned_at": ["Give the time with its UTC offset."]})
        if scanned_at > now + CLOCK_SKEW:
            raise ScanRejected({"scanned_at": [
                f"{scanned_at.isoformat()} is in the future (server time {now.isoformat(timespec='seconds')}): "
                "check the scanner's clock."]})
        earliest = check_in_window(event)
        if scanned_at < earliest:
            raise ScanRejected({"scanned_at": [
                f"{scanned_at.isoformat()} is before check-in for this event can start ({earliest.isoformat()})."]})
    return direction


ATTEMPTS = 3  # a scan is judged again when a concurrent first scan of the same guest made its presence row


def scan(event, gate: Gate | None, qr, nonce, *, direction=None, scanned_at=None, user_id=None, offline=False,
         now=None, by=None) -> ScanOutcome:
    """Judge and record one scan at `gate` (Gate.find). Returns a ScanOutcome (also for
    denials); raises ScanRejected for a bad request and NonceReused for a nonce already used for
    another code or gate. `user_id`: who scanned; `by`: the desk, for the audit trail."""
    now = now or timezone.now()
    nonce = validate_nonce(nonce)
    if not isinstance(qr, str):
        raise ScanRejected({"qr": ["The scanned code must be text."]})
    direction = validate_request(event, gate, direction, scanned_at, now=now)
    digest = code_digest(qr)
    at, online = scanned_at or now, scanned_at is None

    for attempt in range(ATTEMPTS):
        # Reads only: no lock is held while verifying the signature.
        judgement = validity.judge_code(event, qr, as_of=None if online else at, on_file=gate_sql.badge_on_file)
        # No look-up of the nonce first: the unique constraint on (event, nonce) catches a repeat when
        # the scan row is inserted, the transaction rolls back, and the first answer is returned.
        try:
            return _record(event, gate, judgement, nonce=nonce, direction=direction, at=at, online=online,
                           offline=offline, digest=digest, user_id=user_id, by=by)
        except IntegrityError:
            # The nonce was recorded before (a retry, a re-upload) or concurrently (a racing retry);
            # or a concurrent scan of the same guest made a presence row first: judge again.
            existing = Scan.objects.filter(event=event, nonce=nonce).first()
            if existing is not None:
                return _replay(existing, gate, digest, direction)
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # the last attempt returns or raises


@transaction.atomic
def _record(event, gate, judgement, *, nonce, direction, at, online, offline, digest, user_id, by) -> ScanOutcome:
    """The scan's transaction: presence rows locked and updated, the scan and its audit entry written."""
    guest = judgement.badge.guest if judgement.badge else None
    if guest is not None:
        if direction == Direction.ENTRY:
            _judge_entry(event, gate, judgement, guest, at, online)
        else:
            _record_exit(event, gate, judgement, guest, at, online)
    response = _response(event, gate, judgement, guest, nonce=nonce, direction=direction, at=at, offline=offline)
    recorded = Scan(
        event=event, checkpoint_id=gate.id, nonce=nonce, direction=direction, result=judgement.result,
        flags=judgement.flags, badge=judgement.badge, guest=guest,
        badge_version=judgement.payload.version if judgement.payload else None, code_digest=digest,
        scanned_at=at, offline=offline, scanned_by_id=user_id, response=response,
    )
    gate_sql.insert(recorded)
    audit.record(by, f"scan.{direction}", event=event.pk, obj=recorded, object_label=str(guest or "unknown code"),
                 guest_id=guest.pk if guest else None,
                 details={"result": judgement.result, "checkpoint": gate.id, "offline": offline}, write=gate_sql.insert)
    return ScanOutcome(scan_id=recorded.pk, response=response, replayed=False)


def _replay(existing, gate, digest, direction):
    if existing.code_digest != digest or existing.checkpoint_id != gate.id or existing.direction != direction:
        raise NonceReused({"nonce": ["This nonce was already used for a different scan; make a new one per scan."]})
    return ScanOutcome(scan_id=existing.pk, response=existing.response, replayed=True)


def _lock_presences(event, guest, zone_ids) -> list[ZonePresence]:
    """The guest's presence rows for these zones, in zone order: those on file locked until the end
    of the transaction (in zone order, so that two scans cannot deadlock), the others new and
    unsaved (`_state.adding`), to be inserted by _save with their new state."""
    zone_ids = sorted(zone_ids)
    if not zone_ids:
        return []
    found = gate_sql.lock_presences(guest.pk, zone_ids)
    return [found.get(zone_id) or ZonePresence(event_id=event.pk, guest_id=guest.pk, zone_id=zone_id)
            for zone_id in zone_ids]


PRESENCE_FIELDS = ["inside", "entries", "first_entry_at", "last_entry_at", "last_exit_at", "last_checkpoint"]


def _save(presences):
    """New rows in one INSERT (a concurrent insert of the same row raises IntegrityError: the scan is
    judged again), changed ones in one statement."""
    new = [presence for presence in presences if presence._state.adding]
    changed = [presence for presence in presences if not presence._state.adding]
    if new:
        gate_sql.insert(*new)
    if changed:
        gate_sql.update_presences(changed, PRESENCE_FIELDS)


def _known_at(presence, at, online):
    """Whether `at` is at or after the presence's last change, i.e. whether its state is the state
    at the scan time. Online scans always are: they were stamped before waiting for the row lock,
    so a concurrent scan may have changed the row a few microseconds "later"."""
    newest = presence.last_change_at
    return online or newest is None or newest <= at


def _judge_entry(event, gate, judgement, guest, at, online):
    validity.admit(validity.check_window(judgement, at), gate.zone_ids)
    if not judgement.ok:
        return
    single = {zone.id for zone in judgement.admitted if reentry_policy(zone) == Reentry.SINGLE}
    presences = _lock_presences(event, guest, [zone.id for zone in judgement.admitted])
    for presence in presences:
        if presence.zone_id in single and presence.inside and _known_at(presence, at, online):
            judgement.result = R.ALREADY_INSIDE
            return
    for presence in presences:
        presence.entries += 1
        if presence.first_entry_at is None or at < presence.first_entry_at:
            presence.first_entry_at = at
        if _known_at(presence, at, online):
            presence.inside, presence.last_checkpoint_id = True, gate.id
            presence.last_entry_at = max(t for t in (at, presence.last_change_at) if t)
        elif "out_of_order" not in judgement.flags:
            judgement.flags.append("out_of_order")  # an offline scan older than what we know: history only
    _save(presences)


def _record_exit(event, gate, judgement, guest, at, online):
    """Anyone with an authentic badge of this event may leave: the exit is recorded whatever the
    badge's state, and the result still warns the guard of a revoked or superseded badge."""
    judgement.admitted = [zone for zone in judgement.zones if zone.id in gate.zone_ids]
    presences = _lock_presences(event, guest, gate.zone_ids)
    for presence in presences:
        if _known_at(presence, at, online):
            presence.inside, presence.last_checkpoint_id = False, gate.id
            presence.last_exit_at = max(t for t in (at, presence.last_change_at) if t)
        elif "out_of_order" not in judgement.flags:
            judgement.flags.append("out_of_order")
    _save(presences)
    if not judgement.ok:
        judgement.flags.append("exit_recorded")


def reentry_policy(zone) -> str:
    """An AccessZone's re-entry policy (select_related("checkin_policy") to avoid a query)."""
    try:
        return zone.checkin_policy.reentry
    except ZonePolicy.DoesNotExist:  # no policy row: the default applies
        return DEFAULT_REENTRY


def set_reentry_policy(zone, reentry: str) -> None:
    """Gives an AccessZone its re-entry policy (its policy row is made on first use)."""
    zone.checkin_policy, _ = ZonePolicy.objects.update_or_create(zone=zone, defaults={"reentry": reentry})


def _response(event, gate, judgement, guest, *, nonce, direction, at, offline) -> dict:
    result = judgement.result
    shows_guest = result in SHOWS_GUEST and guest is not None
    return {
        "result": result,
        "ok": result == R.OK,
        "tone": TONES.get(result, "denied"),
        "message": scan_message(result, direction),
        "detail": judgement.detail if result == R.INVALID else "",
        "flags": list(judgement.flags),
        "nonce": nonce,
        "checkpoint": gate.id,
        "direction": direction,
        "scanned_at": at.astimezone(event.tzinfo).isoformat(),
        "offline": offline,
        "guest": guest_summary(guest) if shows_guest else None,
        "badge": {"id": judgement.badge.pk, "version": judgement.payload.version} if shows_guest else None,
        "zones": [zone_summary(zone) for zone in judgement.zones] if shows_guest else [],
        "zones_passed": [zone.code for zone in judgement.admitted] if result == R.OK else [],
    }
