"""The signed code printed as a QR on every badge.

Text form: ``LB1:`` + Base45(body ‖ Ed25519 signature). Base45 (RFC 9285) uses only the QR
alphanumeric alphabet, so the whole text encodes in alphanumeric mode: 135 characters, a QR
version 6 at error correction M. The body (23 bytes, big-endian) holds no personal data:

    format (u8 = 1) · event id (u32) · badge id (u32) · badge version (u16)
    · valid from (u32 epoch s) · valid until (u32 epoch s) · zone mask (u32, bit = AccessZone.bit)

The signature covers b"LB1" + body with the event's key (EventSigningKey).
"""
import base64
import binascii
import dataclasses
import datetime
import functools
import hashlib
import struct

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.db import IntegrityError, transaction

from core.crypto import decrypt, encrypt

PREFIX = "LB1:"
FORMAT = 1
BODY = struct.Struct(">BIIHIII")
SIGNATURE_LENGTH = 64
PAYLOAD_LENGTH = BODY.size + SIGNATURE_LENGTH


class BadgeCodeError(Exception):
    """A scanned code that must not open a gate. ``code`` is a stable machine-readable reason."""

    code = "invalid"


class Garbled(BadgeCodeError):
    code = "garbled"


class BadSignature(BadgeCodeError):
    code = "bad_signature"


@dataclasses.dataclass(frozen=True)
class VerifiedPayload:
    event_id: int
    badge_id: int
    version: int
    valid_from: datetime.datetime  # aware, UTC
    valid_until: datetime.datetime  # aware, UTC
    zone_mask: int

    @property
    def zone_bits(self) -> tuple[int, ...]:
        return tuple(bit for bit in range(32) if self.zone_mask >> bit & 1)


# --- Base45 (RFC 9285) ---------------------------------------------------------------------------
BASE45_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
BASE45_VALUES = {char: value for value, char in enumerate(BASE45_ALPHABET)}


def b45encode(data: bytes) -> str:
    out = []
    for i in range(0, len(data) - 1, 2):
        n = data[i] * 256 + data[i + 1]
        n, c = divmod(n, 45)
        e, d = divmod(n, 45)
        out += (BASE45_ALPHABET[c], BASE45_ALPHABET[d], BASE45_ALPHABET[e])
    if len(data) % 2:
        d, c = divmod(data[-1], 45)
        out += (BASE45_ALPHABET[c], BASE45_ALPHABET[d])
    return "".join(out)


def b45decode(text: str) -> bytes:
    try:
        values = [BASE45_VALUES[char] for char in text]
    except KeyError:
        raise Garbled("The code contains characters outside Base45.") from None
    if len(values) % 3 == 1:
        raise Garbled("The code has a truncated Base45 group.")
    out = bytearray()
    for i in range(0, len(values), 3):
        group = values[i:i + 3]
        if len(group) == 3:
            n = group[0] + group[1] * 45 + group[2] * 2025
            if n > 0xFFFF:
                raise Garbled("The code has an invalid Base45 group.")
            out += n.to_bytes(2, "big")
        else:
            n = group[0] + group[1] * 45
            if n > 0xFF:
                raise Garbled("The code has an invalid Base45 group.")
            out.append(n)
    return bytes(out)


# --- Keys ----------------------------------------------------------------------------------------
def _key_context(event_id) -> bytes:
    return f"badge-signing-key:{event_id}".encode()


def _raw_public(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def signing_key_for(event):
    """The event's EventSigningKey, created on first use."""
    from badges.models import EventSigningKey

    existing = EventSigningKey.objects.filter(event=event).first()
    if existing:
        return existing
    private = Ed25519PrivateKey.generate()
    raw_private = private.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    raw_public = _raw_public(private.public_key())
    try:
        with transaction.atomic():
            return EventSigningKey.objects.create(
                event=event,
                key_id=hashlib.sha256(raw_public).hexdigest()[:8],
                public_key=base64.urlsafe_b64encode(raw_public).decode().rstrip("="),
                private_key_encrypted=encrypt(base64.b64encode(raw_private).decode(), context=_key_context(event.pk)),
            )
    except IntegrityError:  # created concurrently by another process
        return EventSigningKey.objects.get(event=event)


def _private_key(event) -> Ed25519PrivateKey:
    # Kept on the event instance: a batch signs all its badges with one lookup and one decryption.
    private = getattr(event, "_badge_signing_private_key", None)
    if private is None:
        key = signing_key_for(event)
        raw = base64.b64decode(decrypt(key.private_key_encrypted, context=_key_context(event.pk)))
        private = Ed25519PrivateKey.from_private_bytes(raw)
        event._badge_signing_private_key = private
    return private


def public_key_for(event) -> Ed25519PublicKey:
    key = signing_key_for(event)
    return load_public_key(key.public_key)


def load_public_key(value) -> Ed25519PublicKey:
    """Accepts an Ed25519PublicKey, 32 raw bytes, or their base64url text (EventSigningKey.public_key)."""
    if isinstance(value, Ed25519PublicKey):
        return value
    if isinstance(value, str):
        value = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    return Ed25519PublicKey.from_public_bytes(bytes(value))


def sign(event, message: bytes) -> bytes:
    return _private_key(event).sign(message)


# --- Payload -------------------------------------------------------------------------------------
def _epoch(value: datetime.datetime) -> int:
    seconds = int(value.timestamp())
    if not 0 <= seconds <= 0xFFFFFFFF:
        raise ValueError(f"{value.isoformat()} does not fit a badge code.")
    return seconds


def zone_mask_of(zones) -> int:
    mask = 0
    for zone in zones:
        mask |= 1 << zone.bit
    return mask


def payload_body(badge, zone_mask: int | None = None) -> bytes:
    if zone_mask is None:
        zone_mask = zone_mask_of(badge.zones.all())  # uses prefetch_related("zones") when present
    return BODY.pack(
        FORMAT, badge.event_id, badge.pk, badge.version,
        _epoch(badge.valid_from), _epoch(badge.valid_until), zone_mask,
    )


def encode_payload(badge, zone_mask: int | None = None) -> str:
    """The text to put in the badge's QR code for its current version."""
    body = payload_body(badge, zone_mask)
    signature = sign(badge.event, b"LB1" + body)
    return PREFIX + b45encode(body + signature)


def _split(text) -> tuple[bytes, bytes]:
    if isinstance(text, bytes):
        try:
            text = text.decode("ascii")
        except UnicodeDecodeError:
            raise Garbled("The code is not ASCII text.") from None
    if not isinstance(text, str):
        raise Garbled("The code is not text.")
    return _split_text(text)


@functools.lru_cache(maxsize=64)
def _split_text(text: str) -> tuple[bytes, bytes]:
    """Decoded once per text: a scan reads its code twice (read_unverified to find the badge and its
    key, then verify_payload); a refusal raises and is not kept."""
    text = text.rstrip("\r\n")  # keyboard-wedge scanners append a line break
    if not text.startswith(PREFIX):
        raise Garbled("This is not a Liaison badge code.")
    if len(text) > 200:
        raise Garbled("The code is too long.")
    raw = b45decode(text[len(PREFIX):])
    if len(raw) != PAYLOAD_LENGTH:
        raise Garbled("The code has the wrong length.")
    body, signature = raw[:BODY.size], raw[BODY.size:]
    if body[0] != FORMAT:
        raise Garbled(f"Unknown badge code format {body[0]}.")
    return body, signature


def _payload(body: bytes) -> VerifiedPayload:
    _, event_id, badge_id, version, valid_from, valid_until, zone_mask = BODY.unpack(body)
    utc = datetime.timezone.utc
    return VerifiedPayload(
        event_id=event_id, badge_id=badge_id, version=version,
        valid_from=datetime.datetime.fromtimestamp(valid_from, utc),
        valid_until=datetime.datetime.fromtimestamp(valid_until, utc),
        zone_mask=zone_mask,
    )


def read_unverified(text) -> VerifiedPayload:
    """The payload WITHOUT checking the signature — only to find which event's key to verify with."""
    body, _ = _split(text)
    return _payload(body)


def verify_payload(text, public_key) -> VerifiedPayload:
    """Check the signature and return the payload. Raises Garbled or BadSignature."""
    body, signature = _split(text)
    try:
        key = load_public_key(public_key)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise BadSignature("The public key is not a valid Ed25519 key.") from exc
    try:
        key.verify(signature, b"LB1" + body)
    except InvalidSignature:
        raise BadSignature("The signature does not match: the code was altered or signed by another key.") from None
    return _payload(body)
