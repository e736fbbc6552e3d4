"""The check-in decision: one function, `scan()`, one database transaction per scan.

Race-freedom: the rows of ZonePresence for (guest, zone) are created if missing and locked, in
zone order, before the decision is taken (scan_store.lock_presences: INSERT … ON CONFLICT DO
UPDATE … RETURNING, one statement); two gates scanning the same single-entry badge at the same
moment are serialized on those rows, and the second sees the first one's entry. Idempotency: a
scan's nonce is unique per event; a retried or concurrently repeated nonce returns the answer
given the first time.

Judgement is "as of" the scan time: online scans at the server's now, offline uploads at their
`scanned_at`. A badge revoked (or superseded, or a guest cancelled) after an offline scan was
made is accepted and flagged, since the gate could not have known.

The database work is in scan_store (plain SQL: a few statements per scan); the rules are here.
"""
import dataclasses
import datetime
import hashlib
import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from badges.domain import qr as badge_qr
from badges.models import Badge, BadgeStatus, RevocationEntry
from checkin.models import (
    DEFAULT_REENTRY, Checkpoint, CheckpointDirection, Direction, Reentry, Scan, ScanResult, ZonePolicy,
)
from events.models import GuestStatus

from . import scan_store
from .summary import guest_summary, zone_summary

R = ScanResult

# How far a device clock may run ahead of the server's, and how long before the event opens a
# scan can plausibly have been made.
CLOCK_SKEW = datetime.timedelta(minutes=5)
EARLIEST_BEFORE_EVENT = datetime.timedelta(days=7)
NONCE_MAX_LENGTH = 64
NONCE_PATTERN = re.compile(rf"[A-Za-z0-9_.:-]{{8,{NONCE_MAX_LENGTH}}}")

MESSAGES = {
    R.OK: {"en": "OK — welcome", "zh-hans": "通过"},
    R.ALREADY_INSIDE: {"en": "Already inside", "zh-hans": "已在场内"},
    R.REVOKED: {"en": "Badge revoked", "zh-hans": "证件已注销"},
    R.SUPERSEDED: {"en": "Old badge — replaced by a reprint", "zh-hans": "旧证件（已重新制证）"},
    R.INVALID: {"en": "Invalid code", "zh-hans": "无效二维码"},
    R.WRONG_EVENT: {"en": "Badge of another event", "zh-hans": "非本活动证件"},
    R.ZONE_DENIED: {"en": "No access to this area", "zh-hans": "无权进入该区域"},
    R.NOT_YET_VALID: {"en": "Badge not yet valid", "zh-hans": "证件尚未生效"},
    R.EXPIRED: {"en": "Badge expired", "zh-hans": "证件已过期"},
    R.NOT_APPROVED: {"en": "Guest not approved (cancelled or rejected)", "zh-hans": "嘉宾未获批准（已取消或拒绝）"},
}
EXIT_MESSAGE = {"en": "Exit recorded — goodbye", "zh-hans": "已登记离场"}

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
    def result(self) -> str:
        return self.response["result"]

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
    def of(cls, checkpoint: Checkpoint | None) -> "Gate | None":
        if checkpoint is None:
            return None
        return cls(id=checkpoint.pk, event_id=checkpoint.event_id, direction=checkpoint.direction,
                   is_active=checkpoint.is_active, zone_ids=scan_store.gate_zone_ids(checkpoint.pk))


@dataclasses.dataclass
class Verdict:
    result: str = R.OK
    flags: list = dataclasses.field(default_factory=list)
    badge: Badge | None = None  # with its guest (and the guest's delegation) loaded
    version: int | None = None
    zones: list = dataclasses.field(default_factory=list)  # the badge's zones (scan_store.HeldZone)
    admitted: list = dataclasses.field(default_factory=list)  # zones entered / left by this scan
    detail: str = ""

    def deny(self, result, detail=""):
        self.result, self.detail = result, detail
        return self


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


def scan(event, gate: Gate | None, qr, nonce, *, direction=None, scanned_at=None, user_id=None, offline=False,
         now=None) -> ScanOutcome:
    """Judge and record one scan at `gate` (Gate.of(checkpoint)). Returns a ScanOutcome (also for
    denials); raises ScanRejected for a bad request and NonceReused for a nonce already used for
    another code or gate. `user_id`: who scanned."""
    now = now or timezone.now()
    nonce = validate_nonce(nonce)
    if not isinstance(qr, str):
        raise ScanRejected({"qr": ["The scanned code must be text."]})
    direction = validate_request(event, gate, direction, scanned_at, now=now)
    digest = code_digest(qr)
    at, online = scanned_at or now, scanned_at is None

    verdict = _judge_code(event, qr, at, online)  # reads only: no lock is held while verifying
    # No look-up of the nonce first: the unique constraint on (event, nonce) catches a repeat when
    # the scan row is inserted, the transaction rolls back, and the first answer is returned.
    try:
        with transaction.atomic():
            guest = verdict.badge.guest if verdict.badge else None
            if guest is not None:
                if direction == Direction.ENTRY:
                    _judge_entry(event, gate, verdict, guest, at, online)
                else:
                    _record_exit(event, gate, verdict, guest, at, online)
            response = _response(event, gate, verdict, guest, nonce=nonce, direction=direction, at=at,
                                 offline=offline)
            scan_id = scan_store.insert_scan(
                event_id=event.pk, checkpoint_id=gate.id, nonce=nonce, direction=direction, result=verdict.result,
                flags=verdict.flags, badge_id=verdict.badge.pk if verdict.badge else None,
                badge_version=verdict.version, guest_id=guest.pk if guest else None, code_digest=digest,
                scanned_at=at, received_at=timezone.now(), offline=offline, scanned_by_id=user_id, response=response,
            )
    except IntegrityError:
        # The nonce was recorded before (a retry, a re-upload) or concurrently (a racing retry).
        existing = Scan.objects.filter(event=event, nonce=nonce).first()
        if existing is None:
            raise
        return _replay(existing, gate, digest, direction)
    return ScanOutcome(scan_id=scan_id, response=response, replayed=False)


def _replay(existing, gate, digest, direction):
    if existing.code_digest != digest or existing.checkpoint_id != gate.id or existing.direction != direction:
        raise NonceReused({"nonce": ["This nonce was already used for a different scan; make a new one per scan."]})
    return ScanOutcome(scan_id=existing.pk, response=existing.response, replayed=True)


_public_keys = {}


def _load_public_key(text):
    key = _public_keys.get(text)
    if key is None:
        if len(_public_keys) > 1000:
            _public_keys.clear()
        key = _public_keys[text] = badge_qr.load_public_key(text)
    return key


def _judge_code(event, qr, at, online) -> Verdict:
    verdict = Verdict()
    try:
        unverified = badge_qr.read_unverified(qr)
    except badge_qr.BadgeCodeError as exc:
        return verdict.deny(R.INVALID, str(exc))
    if unverified.event_id != event.pk:
        return verdict.deny(R.WRONG_EVENT)

    # The badge the code names, with the guest, the event's public key and the badge's zones, in
    # one query; nothing from it is used before the signature has been checked.
    found = scan_store.load_badge(event.pk, unverified.badge_id)
    if found is None or not found.public_key:
        return verdict.deny(R.INVALID, "No such badge at this event.")
    try:
        payload = badge_qr.verify_payload(qr, _load_public_key(found.public_key))
    except badge_qr.BadgeCodeError as exc:
        return verdict.deny(R.INVALID, str(exc))
    badge = found.badge
    if payload.version > badge.version:
        return verdict.deny(R.INVALID, "No such badge at this event.")
    verdict.badge, verdict.version, verdict.zones = badge, payload.version, found.zones

    _judge_revocation(verdict, badge, payload.version, at, online)
    if verdict.result != R.OK:
        return verdict
    guest = badge.guest
    if guest.status != GuestStatus.APPROVED:
        changed = guest.status_changed_at
        if changed is None or changed <= at:
            return verdict.deny(R.NOT_APPROVED)
        verdict.flags.append(f"{guest.status}_after_scan")
    return verdict


def _judge_revocation(verdict, badge, version, at, online):
    """Revoked or superseded as of `at`. An entry (badge, v) in the revocation list invalidates
    every version ≤ v; the badge row itself is a fallback for the current version."""
    if online and badge.status == BadgeStatus.ACTIVE and version == badge.version:
        return  # the current version of an active badge is on no list: skip the query
    revoked, superseded = [], []
    for kind, created_at in scan_store.revocations(badge.pk, version):
        (revoked if kind == RevocationEntry.Kind.REVOKED else superseded).append(created_at)
    if badge.status == BadgeStatus.REVOKED and version == badge.version and badge.revoked_at:
        revoked.append(badge.revoked_at)
    if version < badge.version and not revoked and not superseded:
        superseded.append(datetime.datetime.min.replace(tzinfo=datetime.timezone.utc))  # time unknown: long ago
    if any(t <= at for t in revoked):
        verdict.deny(R.REVOKED)
    elif any(t <= at for t in superseded):
        verdict.deny(R.SUPERSEDED)
    else:
        verdict.flags += ["revoked_after_scan"] * bool(revoked) + ["superseded_after_scan"] * bool(superseded)


def _known_at(presence, at, online):
    """Whether `at` is at or after the presence's last change, i.e. whether its state is the state
    at the scan time. Online scans always are: they were stamped before waiting for the row lock,
    so a concurrent scan may have changed the row a few microseconds "later"."""
    newest = presence.last_change_at
    return online or newest is None or newest <= at


def _judge_entry(event, gate, verdict, guest, at, online):
    if verdict.result != R.OK:
        return
    badge = verdict.badge
    if at < badge.valid_from:
        return verdict.deny(R.NOT_YET_VALID)
    if at >= badge.valid_until:
        return verdict.deny(R.EXPIRED)
    admitted = [zone for zone in verdict.zones if zone.id in gate.zone_ids]
    if not admitted:
        return verdict.deny(R.ZONE_DENIED)
    verdict.admitted = admitted
    single = {zone.id for zone in admitted if zone.reentry == Reentry.SINGLE}
    presences = scan_store.lock_presences(event.pk, guest.pk, [zone.id for zone in admitted])
    for presence in presences:
        if presence.zone_id in single and presence.inside and _known_at(presence, at, online):
            return verdict.deny(R.ALREADY_INSIDE)
    for presence in presences:
        presence.entries += 1
        if presence.first_entry_at is None or at < presence.first_entry_at:
            presence.first_entry_at = at
        if _known_at(presence, at, online):
            presence.inside, presence.last_checkpoint_id = True, gate.id
            presence.last_entry_at = max(t for t in (at, presence.last_change_at) if t)
        elif "out_of_order" not in verdict.flags:
            verdict.flags.append("out_of_order")  # an offline scan older than what we know: history only
    for presence in presences:
        scan_store.save_presence(presence)


def _record_exit(event, gate, verdict, guest, at, online):
    """Anyone with an authentic badge of this event may leave: the exit is recorded whatever the
    badge's state, and the result still warns the guard of a revoked or superseded badge."""
    verdict.admitted = [zone for zone in verdict.zones if zone.id in gate.zone_ids]
    presences = scan_store.lock_presences(event.pk, guest.pk, gate.zone_ids)
    for presence in presences:
        if _known_at(presence, at, online):
            presence.inside, presence.last_checkpoint_id = False, gate.id
            presence.last_exit_at = max(t for t in (at, presence.last_change_at) if t)
        elif "out_of_order" not in verdict.flags:
            verdict.flags.append("out_of_order")
    for presence in presences:
        scan_store.save_presence(presence)
    if verdict.result != R.OK:
        verdict.flags.append("exit_recorded")


def reentry_policy(zone) -> str:
    """An AccessZone's re-entry policy (select_related("checkin_policy") to avoid a query)."""
    try:
        return zone.checkin_policy.reentry
    except ZonePolicy.DoesNotExist:  # no policy row: the default applies
        return DEFAULT_REENTRY


def set_reentry_policy(zone, reentry: str) -> None:
    """Gives an AccessZone its re-entry policy (its policy row is made on first use)."""
    zone.checkin_policy, _ = ZonePolicy.objects.update_or_create(zone=zone, defaults={"reentry": reentry})


def _response(event, gate, verdict, guest, *, nonce, direction, at, offline) -> dict:
    result = verdict.result
    message = EXIT_MESSAGE if result == R.OK and direction == Direction.EXIT else MESSAGES[result]
    shows_guest = result in SHOWS_GUEST and guest is not None
    return {
        "result": result,
        "ok": result == R.OK,
        "tone": TONES.get(result, "denied"),
        "message": message,
        "detail": verdict.detail if result in (R.INVALID,) else "",
        "flags": list(verdict.flags),
        "nonce": nonce,
        "checkpoint": gate.id,
        "direction": direction,
        "scanned_at": at.astimezone(event.tzinfo).isoformat(),
        "offline": offline,
        "guest": guest_summary(event, guest) if shows_guest else None,
        "badge": {"id": verdict.badge.pk, "version": verdict.version} if shows_guest else None,
        "zones": [zone_summary(zone) for zone in verdict.zones] if shows_guest else [],
        "zones_passed": [zone.code for zone in verdict.admitted] if result == R.OK else [],
    }
