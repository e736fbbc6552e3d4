"""Is a scanned badge code good? The one judgement of a badge code: signature, version (superseded),
revocation, the guest's approval, the validity window and the zones. Used by the gate's online
scan, the offline upload and the tests; the desk's JavaScript repeats it offline and is held to it
by the shared test vectors (tests/checkin/vectors/). It judges what it is given: the badge on file
is read by the caller's reader (badge_on_file; the gate's is checkin.domain.gate_sql.read, with the gate).

`at` is when the code was scanned (the validity window is judged then). `as_of` is what the
judgement may know: None (an online scan, a test) counts every revocation known now; an offline
upload passes its scan time, and a revocation made after it only flags the scan (the gate could
not have known)."""
import dataclasses
import datetime
import functools

from django.db.models import F
from django.utils import timezone

from events.models import GuestStatus

from . import qr
from .qr import BadgeCodeError

OK, INVALID, WRONG_EVENT = "ok", "invalid", "wrong_event"
REVOKED, SUPERSEDED, NOT_APPROVED = "revoked", "superseded", "not_approved"
NOT_YET_VALID, EXPIRED, ZONE_DENIED = "not_yet_valid", "expired", "zone_denied"
LONG_AGO = datetime.datetime.min.replace(tzinfo=datetime.timezone.utc)


class WrongEvent(BadgeCodeError):
    code = WRONG_EVENT


class UnknownBadge(BadgeCodeError):
    code = "unknown_badge"


class Superseded(BadgeCodeError):
    code = SUPERSEDED


class Revoked(BadgeCodeError):
    code = REVOKED


class NotApproved(BadgeCodeError):
    code = NOT_APPROVED


class NotYetValid(BadgeCodeError):
    code = NOT_YET_VALID


class Expired(BadgeCodeError):
    code = EXPIRED


class ZoneDenied(BadgeCodeError):
    code = ZONE_DENIED


@dataclasses.dataclass
class Judgement:
    result: str = OK
    error: BadgeCodeError | None = None  # why, when result is not OK
    flags: list = dataclasses.field(default_factory=list)
    badge: object = None  # the badge on file (badge_on_file): with its guest and its zones in bit order
    payload: qr.VerifiedPayload | None = None
    admitted: list = dataclasses.field(default_factory=list)  # the zones an entry opens (admit())

    @property
    def ok(self) -> bool:
        return self.result == OK

    @property
    def detail(self) -> str:
        return str(self.error) if self.error else ""

    @property
    def zones(self) -> list:
        return [] if self.badge is None else list(self.badge.zones_in_bit_order)  # read with the badge

    def deny(self, error: BadgeCodeError) -> "Judgement":
        self.result = INVALID if type(error) in (qr.Garbled, qr.BadSignature, UnknownBadge) else error.code
        self.error = error
        return self

    def raise_if_denied(self):
        if self.error is not None:
            raise self.error


@functools.lru_cache(maxsize=256)
def _public_key(text: str):
    """Parsed once per process and key text; the text itself is read with the badge every time,
    so a new key is seen at once by every process."""
    return qr.load_public_key(text)


# The columns the judgement reads: the badge's, and the guest's status (never passport data).
BADGE_FIELDS = ("event", "guest", "version", "status", "valid_from", "valid_until", "revoked_at", "revoked_reason")
GUEST_FIELDS = ("status", "status_changed_at", "delegation")
UNREAD_GUEST_FIELDS = ("passport_number", "date_of_birth")


def badge_on_file(event, badge_id):
    """The badge `badge_id` of `event` as the judgement reads it, or None: the Badge (at least its
    BADGE_FIELDS) with its `guest` (at least GUEST_FIELDS; the reader may load more), the event's public key
    text as `public_key` (None if the event has none) and `zones_in_bit_order`, the AccessZones it
    opens. This is the ORM's reader, for callers other than the gate; the gate reads the same with
    its own statements (checkin.domain.gate_sql.read) and passes it as `on_file`."""
    from badges.models import Badge

    badge = (Badge.objects.select_related("guest__delegation").defer(*(f"guest__{name}" for name in UNREAD_GUEST_FIELDS))
             .annotate(public_key=F("event__badge_signing_key__public_key")).filter(event=event, pk=badge_id).first())
    if badge is not None:
        badge.zones_in_bit_order = list(badge.zones.order_by("bit"))
    return badge


def judge_code(event, text, *, as_of=None, on_file=badge_on_file) -> Judgement:
    """The judgement of a scanned text at `event` (see the module's docstring for `as_of`),
    without the window and zones, which only an entry checks (check_window, admit).
    `on_file(event, badge_id)`: reads the badge on file (see badge_on_file)."""
    judgement = Judgement()
    try:
        unverified = qr.read_unverified(text)
    except BadgeCodeError as exc:
        return judgement.deny(exc)
    if unverified.event_id != event.pk:
        return judgement.deny(WrongEvent("This badge belongs to another event."))
    badge = on_file(event, unverified.badge_id)
    if badge is None or not badge.public_key:
        return judgement.deny(UnknownBadge("No such badge at this event."))
    try:
        payload = qr.verify_payload(text, _public_key(badge.public_key))
    except BadgeCodeError as exc:
        return judgement.deny(exc)
    return judge_payload(event, payload, as_of=as_of, badge=badge, judgement=judgement)


def judge_payload(event, payload, *, as_of=None, badge=None, judgement=None) -> Judgement:
    """The judgement of an already verified payload: version, revocation and approval."""
    judgement = judgement or Judgement()
    if payload.event_id != event.pk:
        return judgement.deny(WrongEvent("This badge belongs to another event."))
    if badge is None:
        badge = badge_on_file(event, payload.badge_id)
    if badge is None or payload.version > badge.version:
        return judgement.deny(UnknownBadge("No such badge at this event."))
    judgement.badge, judgement.payload = badge, payload
    _judge_revocation(judgement, badge, payload.version, as_of)
    if judgement.ok:
        _judge_approval(judgement, badge.guest, as_of)
    return judgement


def _judge_revocation(judgement, badge, version, as_of):
    """Revoked or superseded as of `as_of`. A revocation entry (badge, v) invalidates every version
    ≤ v; the badge row itself stands for its current version."""
    from badges.models import BadgeStatus, RevocationEntry

    if as_of is None and badge.status == BadgeStatus.ACTIVE and version == badge.version:
        return  # the current version of an active badge is on no list: no query
    revoked, superseded = [], []
    for entry in RevocationEntry.objects.filter(badge_id=badge.pk, version__gte=version).only("kind", "reason",
                                                                                             "created_at"):
        (revoked if entry.kind == RevocationEntry.Kind.REVOKED else superseded).append((entry.created_at, entry.reason))
    if badge.status == BadgeStatus.REVOKED and version == badge.version and badge.revoked_at:
        revoked.append((badge.revoked_at, badge.revoked_reason))
    if version < badge.version and not revoked and not superseded:
        superseded.append((LONG_AGO, ""))  # time unknown: long ago
    known = [(when, reason) for when, reason in revoked if as_of is None or when <= as_of]
    if known:
        reason = next((reason for _, reason in known if reason), "")
        judgement.deny(Revoked("This badge was revoked" + (f": {reason}" if reason else ".")))
    elif any(as_of is None or when <= as_of for when, _ in superseded):
        judgement.deny(Superseded(f"Version {version} was replaced by a reprint (current version {badge.version})."))
    else:
        judgement.flags += ["revoked_after_scan"] * bool(revoked) + ["superseded_after_scan"] * bool(superseded)


def _judge_approval(judgement, guest, as_of):
    if guest.status == GuestStatus.APPROVED:
        return
    changed = guest.status_changed_at
    if as_of is None or changed is None or changed <= as_of:
        judgement.deny(NotApproved(f"The guest is {guest.status}."))
    else:
        judgement.flags.append(f"{guest.status}_after_scan")


def check_window(judgement, at) -> Judgement:
    """Denies a code scanned outside its badge's validity window."""
    badge = judgement.badge
    if judgement.ok and at < badge.valid_from:
        judgement.deny(NotYetValid(f"Valid from {badge.valid_from.isoformat()}."))
    elif judgement.ok and at >= badge.valid_until:
        judgement.deny(Expired(f"Expired at {badge.valid_until.isoformat()}."))
    return judgement


def admit(judgement, zone_ids) -> Judgement:
    """An entry through a gate opening `zone_ids`: the badge's zones among them, or ZONE_DENIED."""
    if judgement.ok:
        judgement.admitted = [zone for zone in judgement.zones if zone.id in zone_ids]
        if not judgement.admitted:
            judgement.deny(ZoneDenied("This badge opens none of this gate's zones."))
    return judgement


def verify_badge_code(event, text, *, now=None):
    """(badge, payload) of a code good for entry at `now` (window included), else raises the
    BadgeCodeError saying why (Garbled, BadSignature, WrongEvent, UnknownBadge, Superseded,
    Revoked, NotApproved, NotYetValid, Expired); each has a stable ``.code``."""
    now = now or timezone.now()
    judgement = check_window(judge_code(event, text), now)
    judgement.raise_if_denied()
    return judgement.badge, judgement.payload


def check_badge_state(event, payload, *, now=None):
    """The Badge a verified payload stands for, if still good at `now`; raises as verify_badge_code."""
    now = now or timezone.now()
    judgement = check_window(judge_payload(event, payload), now)
    judgement.raise_if_denied()
    return judgement.badge
