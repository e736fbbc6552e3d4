"""The check-in decision: one function, `scan()`, one database transaction per scan. Every scan
(the DRF scan view, the desk, the offline upload) goes through it.

The badge is judged by badges.domain.validity (the one judgement of a badge code); the scan's reads
and writes are the statements of checkin.domain.gate_sql, one round trip for the reads and one for
the writes (why SQL, and why together: see there). Race-freedom: the guest's ZonePresence rows for
the gate's zones are locked with SELECT … FOR UPDATE in zone order, with the badge, before the
decision is taken, as pretix locks its check-in rows; two gates scanning the same
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
    def from_rows(cls, event_id, checkpoint_id: int, rows) -> "Gate | None":
        """The gate of gate_sql.read's `gate_rows`; None if the event has no such checkpoint."""
        if not rows:
            return None
        direction, is_active, _ = rows[0]
        return cls(id=checkpoint_id, event_id=event_id, direction=direction, is_active=is_active,
                   zone_ids=frozenset(zone_id for *_, zone_id in rows if zone_id is not None))


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


def scan(event, checkpoint_id: int, qr, nonce, *, direction=None, scanned_at=None, user_id=None, offline=False,
         now=None, by=None) -> ScanOutcome:
    """Judge and record one scan at the checkpoint `checkpoint_id` of `event`. Returns a
    ScanOutcome (also for denials); raises ScanRejected for a bad request and NonceReused for a
    nonce already used for another code or gate. `user_id`: who scanned; `by`: the desk, for the
    audit trail."""
    now = now or timezone.now()
    nonce = validate_nonce(nonce)
    if not isinstance(qr, str):
        raise ScanRejected({"qr": ["The scanned code must be text."]})
    digest = code_digest(qr)
    at, online = scanned_at or now, scanned_at is None

    for attempt in range(ATTEMPTS):
        # No look-up of the nonce first: the unique constraint on (event, nonce) catches a repeat when
        # the scan row is inserted, the transaction rolls back, and the first answer is returned.
        try:
            return _record(event, checkpoint_id, qr, nonce=nonce, direction=direction, scanned_at=scanned_at, now=now,
                           at=at, online=online, offline=offline, digest=digest, user_id=user_id, by=by)
        except _WriteRefused as refused:
            # The nonce was recorded before (a retry, a re-upload) or concurrently (a racing retry);
            # or a concurrent scan of the same guest made a presence row first: judge again.
            existing = Scan.objects.filter(event=event, nonce=nonce).first()
            if existing is not None:
                return _replay(existing, checkpoint_id, digest, refused.direction)
            if attempt == ATTEMPTS - 1:
                raise refused.__cause__ from None
    raise AssertionError("unreachable")  # the last attempt returns or raises


@transaction.atomic
def _record(event, checkpoint_id, qr, *, nonce, direction, scanned_at, now, at, online, offline, digest, user_id,
            by) -> ScanOutcome:
    """The scan's transaction, in two round trips (gate_sql): the gate, the badge on file and the
    guest's presence rows read (the rows locked), then the scan, the presence rows and the audit
    entry written. The badge is judged in between, holding the lock only on this guest's rows."""
    reads = _Reads(event.pk, checkpoint_id)
    judgement = validity.judge_code(event, qr, as_of=None if online else at, on_file=reads.badge_on_file)
    gate = Gate.from_rows(event.pk, checkpoint_id, reads.on_file().gate_rows)
    direction = validate_request(event, gate, direction, scanned_at, now=now)
    guest = judgement.badge.guest if judgement.badge else None
    presences = []
    if guest is not None:
        if direction == Direction.ENTRY:
            presences = _judge_entry(event, gate, judgement, guest, at, online, reads.on_file().presences)
        else:
            presences = _record_exit(event, gate, judgement, guest, at, online, reads.on_file().presences)
    response = _response(event, gate, judgement, guest, nonce=nonce, direction=direction, at=at, offline=offline)
    recorded = Scan(
        event=event, checkpoint_id=gate.id, nonce=nonce, direction=direction, result=judgement.result,
        flags=judgement.flags, badge=judgement.badge, guest=guest,
        badge_version=judgement.payload.version if judgement.payload else None, code_digest=digest,
        scanned_at=at, offline=offline, scanned_by_id=user_id, response=response,
    )
    entry = audit.pending(by, f"scan.{direction}", event=event.pk, obj=recorded,
                          object_label=str(guest or "unknown code"), guest_id=guest.pk if guest else None,
                          details={"result": judgement.result, "checkpoint": gate.id, "offline": offline})
    try:
        gate_sql.write(recorded, presences, entry)
    except IntegrityError as error:
        raise _WriteRefused(direction) from error
    return ScanOutcome(scan_id=recorded.pk, response=response, replayed=False)


class _WriteRefused(Exception):
    """A unique constraint refused the scan's writes (the transaction rolls back); `direction` is the one it was judged for."""

    def __init__(self, direction):
        super().__init__(direction)
        self.direction = direction


class _Reads:
    """gate_sql.read for one scan, made when the judgement asks for the badge on file (so that the
    badge, the gate and the presence rows come in one round trip), or for the gate alone when the
    code names no badge of this event."""

    def __init__(self, event_id, checkpoint_id):
        self.event_id, self.checkpoint_id, self.read = event_id, checkpoint_id, None

    def badge_on_file(self, event, badge_id):
        self.read = gate_sql.read(self.event_id, self.checkpoint_id, badge_id)
        return self.read.badge

    def on_file(self) -> gate_sql.OnFile:
        if self.read is None:
            self.read = gate_sql.read(self.event_id, self.checkpoint_id)
        return self.read


def _replay(existing, checkpoint_id, digest, direction):
    """The first answer to a nonce seen before, if it was for the same code, gate and direction."""
    if existing.code_digest != digest or existing.checkpoint_id != checkpoint_id or existing.direction != direction:
        raise NonceReused({"nonce": ["This nonce was already used for a different scan; make a new one per scan."]})
    return ScanOutcome(scan_id=existing.pk, response=existing.response, replayed=True)


def _presences(event, guest, zone_ids, on_file) -> list[ZonePresence]:
    """The guest's presence rows for these zones, in zone order: those on file (locked by
    gate_sql.read), the others new and unsaved (`_state.adding`), to be inserted with their new state."""
    return [on_file.get(zone_id) or ZonePresence(event_id=event.pk, guest_id=guest.pk, zone_id=zone_id)
            for zone_id in sorted(zone_ids)]


def _known_at(presence, at, online):
    """Whether `at` is at or after the presence's last change, i.e. whether its state is the state
    at the scan time. Online scans always are: they were stamped before waiting for the row lock,
    so a concurrent scan may have changed the row a few microseconds "later"."""
    newest = presence.last_change_at
    return online or newest is None or newest <= at


def _judge_entry(event, gate, judgement, guest, at, online, on_file) -> list[ZonePresence]:
    """The entry's decision; returns the presence rows to write (none when it is refused)."""
    validity.admit(validity.check_window(judgement, at), gate.zone_ids)
    if not judgement.ok:
        return []
    single = {zone.id for zone in judgement.admitted if reentry_policy(zone) == Reentry.SINGLE}
    presences = _presences(event, guest, [zone.id for zone in judgement.admitted], on_file)
    for presence in presences:
        if presence.zone_id in single and presence.inside and _known_at(presence, at, online):
            judgement.result = R.ALREADY_INSIDE
            return []
    for presence in presences:
        presence.entries += 1
        if presence.first_entry_at is None or at < presence.first_entry_at:
            presence.first_entry_at = at
        if _known_at(presence, at, online):
            presence.inside, presence.last_checkpoint_id = True, gate.id
            presence.last_entry_at = max(t for t in (at, presence.last_change_at) if t)
        elif "out_of_order" not in judgement.flags:
            judgement.flags.append("out_of_order")  # an offline scan older than what we know: history only
    return presences


def _record_exit(event, gate, judgement, guest, at, online, on_file) -> list[ZonePresence]:
    """Anyone with an authentic badge of this event may leave: the exit is recorded whatever the
    badge's state, and the result still warns the guard of a revoked or superseded badge. Returns
    the presence rows to write."""
    judgement.admitted = [zone for zone in judgement.zones if zone.id in gate.zone_ids]
    presences = _presences(event, guest, gate.zone_ids, on_file)
    for presence in presences:
        if _known_at(presence, at, online):
            presence.inside, presence.last_checkpoint_id = False, gate.id
            presence.last_exit_at = max(t for t in (at, presence.last_change_at) if t)
        elif "out_of_order" not in judgement.flags:
            judgement.flags.append("out_of_order")
    if not judgement.ok:
        judgement.flags.append("exit_recorded")
    return presences


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
