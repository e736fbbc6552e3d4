"""What goes on one badge, gathered from the badge, its guest and the event, and checked before
anything is drawn: text no font can draw, a name too long for its box and unreadable photos are
problems for that guest."""
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from core.countries import ENGLISH, country_name
from core.typesetting import missing_glyphs

from . import qr
from .photos import PhotoProblem, frame_pixels, prepare_photo

# Why a guest's badge cannot be printed (the "reason" of coverage and batch problems).
MISSING_GLYPHS = "missing_glyphs"
NAME_DOES_NOT_FIT = "name_does_not_fit"
PHOTO_UNREADABLE = "photo_unreadable"
BADGE_REVOKED = "badge_revoked"
GUEST_MISSING = "guest_missing"
GUEST_NOT_APPROVED = "guest_not_approved"
UNEXPECTED_ERROR = "unexpected_error"


class BadgeProblem(Exception):
    """This guest's badge cannot be printed; the message says why (shown in the batch report)."""

    def __init__(self, message, reason):
        super().__init__(message)
        self.reason = reason


@dataclass
class BadgeContent:
    badge_id: int
    guest_id: int
    category: str
    texts: dict
    qr_text: str
    zones: tuple  # ((code, colour), …) in zone-bit order
    photo: object = None  # PreparedPhoto or None


@lru_cache(maxsize=512)
def _folded(text: str) -> str:
    """For comparing names across case, spacing and word order: 'Otabek KARIMOV' ~ 'Otabek Karimov'."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("\u0307", "")  # İ folds to i + dot above
    words = folded.replace("·", " ").replace("・", " ").split()
    return " ".join(sorted(words))


def guest_texts(guest, badge=None, zones=()) -> dict:
    """Every text field a layout may show, for this guest."""
    latin = guest.full_name
    native = guest.native_name.strip()
    if native and _folded(native) == _folded(latin):
        native = ""  # a Latin-script native name repeats the Latin line
    chinese = guest.chinese_name.strip()
    if chinese and native and "".join(chinese.split()) == "".join(native.split()):
        chinese = ""  # e.g. a Chinese or Japanese name already shown in its own script
    texts = {
        "name": latin,
        "native_name": native,
        "chinese_name": chinese,
        "honorific": guest.honorific,
        "position": guest.position,
        "organization": guest.organization,
        "delegation": guest.delegation.name if guest.delegation_id else "",
        "country": country_name(guest.country, ENGLISH) if guest.country else "",
        "zones": " · ".join(code for code, _ in zones),
    }
    if badge is not None:
        texts["badge_number"] = f"No. {badge.pk:06d}-{badge.version}"
    return texts


@lru_cache(maxsize=4096)  # bounded: names are mostly unique, positions and countries repeat
def _missing_glyphs(text, bold):
    return tuple(missing_glyphs(text, bold=bold))


def missing_characters(texts: dict, fields: dict) -> list[dict]:
    """[{field, characters, codepoints}] for each text no font of the chain can fully draw."""
    problems = []
    for field, bold in fields.items():
        text = texts.get(field, "")
        if not text:
            continue
        missing = _missing_glyphs(text, bold)
        if missing:
            problems.append({
                "reason": MISSING_GLYPHS,
                "field": field,
                "characters": "".join(missing),
                "codepoints": [f"U+{ord(ch):04X}" for ch in missing],
            })
    return problems


def describe_missing(problems) -> str:
    return "; ".join(
        f"{p['field']}: no font has {', '.join(repr(c) + ' ' + cp for c, cp in zip(p['characters'], p['codepoints']))}"
        for p in problems
    )


def build_content(prepared, badge, *, zone_mask=None) -> BadgeContent:
    """Raises BadgeProblem. `badge` needs guest (+ delegation) and prefetched zones."""
    guest = badge.guest
    zones = sorted(badge.zones.all(), key=lambda zone: zone.bit)
    zone_pairs = tuple((zone.code, zone.colour) for zone in zones)
    texts = guest_texts(guest, badge, zone_pairs)
    missing = missing_characters(texts, prepared.text_fields())
    if missing:
        raise BadgeProblem("Cannot print without empty boxes — " + describe_missing(missing) + ".", MISSING_GLYPHS)
    unfit = prepared.names_that_do_not_fit(texts)
    if unfit:
        raise BadgeProblem("Cannot print without cutting the name — " + "; ".join(p["message"] for p in unfit)
                           + ". Shorten the name or give its box more room.", NAME_DOES_NOT_FIT)
    photo = None
    frame = prepared.photo_frame()
    if frame and guest.photo:
        try:
            photo = prepare_photo(guest.photo, frame_pixels(*frame))
        except PhotoProblem as exc:
            raise BadgeProblem(f"Photo: {exc}", PHOTO_UNREADABLE) from None
    if zone_mask is None:
        zone_mask = qr.zone_mask_of(zones)
    return BadgeContent(
        badge_id=badge.pk, guest_id=guest.pk, category=guest.category, texts=texts,
        qr_text=qr.encode_payload(badge, zone_mask), zones=zone_pairs, photo=photo,
    )


