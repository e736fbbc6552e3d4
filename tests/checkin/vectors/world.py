"""The fixed world of the shared offline test vectors: one event with a key made from a fixed seed,
three zones, an entry and an exit gate, and badges in every state a gate must tell apart, all at
fixed ids and times. `vectors()` builds offline_verdicts.json from it (`python -m
tests.checkin.vectors.generate` rewrites the file); `build_database()` puts the same world in the
test database, so the server judges the very codes the desk's JavaScript judges.

The desk judges what it can know offline: signature, event, the revocation list, the validity
window, the gate's zones and its own memory of single-entry zones. A guest's cancellation reaches
it as the badge's revocation (badges are revoked when their guest is cancelled), so the server
must answer "revoked" for that code too."""
import base64
import dataclasses
import datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from badges.domain import qr

UTC = datetime.UTC
SEED = bytes(range(1, 33))  # the event's signing key
OTHER_SEED = bytes(range(101, 133))  # a key that is not the event's
EVENT_ID, OTHER_EVENT_ID = 4101, 4102
AT = datetime.datetime(2024, 5, 1, 9, 0, tzinfo=UTC)  # when every vector is scanned
HOUR = datetime.timedelta(hours=1)
ZONES = [  # id, code, bit, reentry
    (4201, "PLENARY", 0, "single"), (4202, "LOUNGE", 1, "unlimited"), (4203, "PRESS", 2, "unlimited"),
]
ENTRY_GATE, EXIT_GATE = 4301, 4302
GATES = [(ENTRY_GATE, "entry", ("PLENARY", "LOUNGE")), (EXIT_GATE, "exit", ("PLENARY", "LOUNGE"))]


@dataclasses.dataclass(frozen=True)
class BadgeOnFile:
    id: int
    zones: tuple = ("PLENARY", "LOUNGE")
    version: int = 1  # the current version
    valid_from: datetime.datetime = AT - 24 * HOUR
    valid_until: datetime.datetime = AT + 24 * HOUR
    revoked: bool = False  # revoked before AT
    guest_status: str = "approved"
    inside: tuple = ()  # zones the guest entered before AT (and the desk saw it)


BADGES = {
    "valid": BadgeOnFile(4401),
    "revoked": BadgeOnFile(4402, revoked=True),
    "superseded": BadgeOnFile(4403, version=2),
    "not_yet_valid": BadgeOnFile(4404, valid_from=AT + HOUR),
    "expired": BadgeOnFile(4405, valid_from=AT - 48 * HOUR, valid_until=AT - HOUR),
    "press_only": BadgeOnFile(4406, zones=("PRESS",)),
    "guest_cancelled": BadgeOnFile(4407, revoked=True, guest_status="cancelled"),
    "inside_plenary": BadgeOnFile(4408, inside=("PLENARY",)),
    "inside_lounge": BadgeOnFile(4409, zones=("LOUNGE",), inside=("LOUNGE",)),
    "leaving": BadgeOnFile(4410, inside=("PLENARY",)),
}


def _key(seed):
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_text(seed=SEED) -> str:
    raw = _key(seed).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _mask(codes) -> int:
    return sum(1 << bit for _, code, bit, _ in ZONES if code in codes)


def code_for(badge: BadgeOnFile, *, version=None, event_id=EVENT_ID, seed=SEED, tamper=False) -> str:
    body = qr.BODY.pack(qr.FORMAT, event_id, badge.id, version or badge.version, int(badge.valid_from.timestamp()),
                        int(badge.valid_until.timestamp()), _mask(badge.zones))
    signature = _key(seed).sign(b"LB1" + body)
    if tamper:  # one bit of the validity changed after signing
        body = body[:18] + bytes([body[18] ^ 1]) + body[19:]
    return qr.PREFIX + qr.b45encode(body + signature)


def desk_keys() -> dict:
    """What the desk keeps from its key sync (checkin/keys/), as desk.js stores it."""
    return {
        "event": {"id": EVENT_ID},
        "public_key": public_key_text(),
        "zones": [{"id": id_, "code": code, "bit": bit, "reentry": reentry} for id_, code, bit, reentry in ZONES],
        "checkpoints": [{"id": id_, "direction": direction, "zone_mask": _mask(codes)} for id_, direction, codes in GATES],
        "revoked": {str(b.id): b.version for b in BADGES.values() if b.revoked},
        "superseded": {str(b.id): b.version - 1 for b in BADGES.values() if b.version > 1},
    }


def desk_inside() -> dict:
    bits = {code: bit for _, code, bit, _ in ZONES}
    return {f"{b.id}:{bits[code]}": True for b in BADGES.values() for code in b.inside}


def vectors() -> dict:
    b = BADGES
    cases = [  # name, code, gate, direction, verdict
        ("valid badge", code_for(b["valid"]), ENTRY_GATE, "entry", "ok"),
        ("badge of another event", code_for(b["valid"], event_id=OTHER_EVENT_ID), ENTRY_GATE, "entry", "wrong_event"),
        ("signed by another key", code_for(b["valid"], seed=OTHER_SEED), ENTRY_GATE, "entry", "invalid"),
        ("altered after signing", code_for(b["valid"], tamper=True), ENTRY_GATE, "entry", "invalid"),
        ("not a badge code", "LB1:HELLO", ENTRY_GATE, "entry", "invalid"),
        ("plain text", "https://example.org/", ENTRY_GATE, "entry", "invalid"),
        ("revoked badge", code_for(b["revoked"]), ENTRY_GATE, "entry", "revoked"),
        ("old version of a reprinted badge", code_for(b["superseded"], version=1), ENTRY_GATE, "entry", "superseded"),
        ("current version of a reprinted badge", code_for(b["superseded"]), ENTRY_GATE, "entry", "ok"),
        ("not yet valid", code_for(b["not_yet_valid"]), ENTRY_GATE, "entry", "not_yet_valid"),
        ("expired", code_for(b["expired"]), ENTRY_GATE, "entry", "expired"),
        ("zone not held", code_for(b["press_only"]), ENTRY_GATE, "entry", "zone_denied"),
        ("guest cancelled (badge revoked with it)", code_for(b["guest_cancelled"]), ENTRY_GATE, "entry", "revoked"),
        ("already inside a single-entry zone", code_for(b["inside_plenary"]), ENTRY_GATE, "entry", "already_inside"),
        ("inside an unlimited zone: enters again", code_for(b["inside_lounge"]), ENTRY_GATE, "entry", "ok"),
        ("leaving", code_for(b["leaving"]), EXIT_GATE, "exit", "ok"),
        ("leaving with a revoked badge", code_for(b["revoked"]), EXIT_GATE, "exit", "revoked"),
    ]
    return {
        "about": "Generated by tests/checkin/vectors/world.py (python -m tests.checkin.vectors.generate); "
                 "judged by badges.domain.validity, the offline upload and desk-offline.js alike.",
        "at": AT.isoformat(),
        "keys": desk_keys(),
        "inside": desk_inside(),
        "vectors": [{"name": name, "code": code, "checkpoint": gate, "direction": direction, "verdict": verdict}
                    for name, code, gate, direction, verdict in cases],
    }


def build_database():
    """The same world in the test database; returns the Event."""
    from badges.models import (
        Badge,
        BadgeStatus,
        EventSigningKey,
        RevocationEntry,
    )
    from tests import factories

    event = factories.make_event(pk=EVENT_ID, slug="vectors", start_date=AT.date(), end_date=AT.date(), timezone="UTC")
    factories.make_event(pk=OTHER_EVENT_ID, slug="vectors-other")
    EventSigningKey.objects.create(event=event, key_id="vectors", public_key=public_key_text(), private_key_encrypted="")
    zones = {}
    for id_, code, bit, reentry in ZONES:
        zones[code] = factories.AccessZoneFactory(pk=id_, event=event, code=code, bit=bit, name={"en": code.title()})
        factories.ZonePolicyFactory(zone=zones[code], reentry=reentry)
    for id_, direction, codes in GATES:
        factories.CheckpointFactory(pk=id_, event=event, name={"en": f"Gate {id_}"}, direction=direction).zones.set(
            [zones[code] for code in codes])
    for on_file in BADGES.values():
        guest = factories.make_guest(event, status=on_file.guest_status)
        badge = Badge.objects.create(pk=on_file.id, event=event, guest=guest, version=on_file.version,
                                     valid_from=on_file.valid_from, valid_until=on_file.valid_until,
                                     status=BadgeStatus.REVOKED if on_file.revoked else BadgeStatus.ACTIVE,
                                     revoked_at=AT - HOUR if on_file.revoked else None)
        badge.zones.set([zones[code] for code in on_file.zones])
        kinds = [RevocationEntry.Kind.REVOKED] * on_file.revoked + [RevocationEntry.Kind.SUPERSEDED] * (on_file.version > 1)
        for kind in kinds:
            version = on_file.version if kind == RevocationEntry.Kind.REVOKED else on_file.version - 1
            RevocationEntry.objects.create(event=event, badge=badge, version=version, kind=kind, created_at=AT - HOUR)
        for code in on_file.inside:
            factories.ZonePresenceFactory(event=event, guest=guest, zone=zones[code], inside=True, entries=1,
                                          first_entry_at=AT - HOUR, last_entry_at=AT - HOUR)
    return event
