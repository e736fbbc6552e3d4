"""The code in a letter's QR: which letter of which event, signed with the event's key through the
project's one signer (badges.domain.qr). Text form: base64url(body ‖ Ed25519 signature), URL-safe so
that it is the last segment of /verify/letter/{code}. The body (9 bytes: format u8 · event id u32 ·
letter id u32) holds no personal data; the signature covers b"LL1" + body."""
import base64
import binascii
import struct

from cryptography.exceptions import InvalidSignature

from badges.domain.qr import public_key_for, sign

FORMAT = 1
BODY = struct.Struct(">BII")
SIGNATURE_LENGTH = 64
DOMAIN = b"LL1"  # keeps letter signatures apart from badge signatures (b"LB1")
MAX_CODE_LENGTH = 120


class InvalidLetterCode(Exception):
    pass


def encode(letter) -> str:
    body = BODY.pack(FORMAT, letter.event_id, letter.pk)
    signature = sign(letter.event, DOMAIN + body)
    return base64.urlsafe_b64encode(body + signature).decode().rstrip("=")


def read(code: str) -> tuple[int, int, bytes, bytes]:
    """(event id, letter id, body, signature) without checking the signature."""
    if not isinstance(code, str) or not 0 < len(code) <= MAX_CODE_LENGTH:
        raise InvalidLetterCode("not a letter code")
    try:
        raw = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))
    except (binascii.Error, ValueError):
        raise InvalidLetterCode("not a letter code") from None
    if len(raw) != BODY.size + SIGNATURE_LENGTH:
        raise InvalidLetterCode("wrong length")
    body, signature = raw[:BODY.size], raw[BODY.size:]
    version, event_id, letter_id = BODY.unpack(body)
    if version != FORMAT:
        raise InvalidLetterCode("unknown format")
    return event_id, letter_id, body, signature


def verify(code: str, event) -> int:
    """The letter id if `code` was signed with `event`'s key; InvalidLetterCode otherwise."""
    event_id, letter_id, body, signature = read(code)
    if event_id != event.pk:
        raise InvalidLetterCode("another event")
    try:
        public_key_for(event).verify(signature, DOMAIN + body)
    except InvalidSignature:
        raise InvalidLetterCode("bad signature") from None
    return letter_id
