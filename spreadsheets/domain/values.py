"""One cell of a guest list → the value of a guest field, or the problem with it.

Text keeps every character it was sent with (no normalisation: a name arrives byte-identical),
only surrounding spaces are dropped; control characters (NUL, …) are refused. Countries are
accepted as ISO codes (KZ, KAZ), English and Russian names (Kazakhstan, Казахстан) and the Chinese
short names of protocol (哈萨克斯坦). Dates as real spreadsheet dates or as text: 2026-05-14,
14.05.2026, 14/05/2026 (day first), 2026/05/14, 2026年5月14日."""
from __future__ import annotations

import datetime
import re
import unicodedata
import zoneinfo
from functools import lru_cache

import pycountry
from django.utils import translation
from django.utils.translation import gettext as _

from core.countries import CHINESE, RUSSIAN, UN_ENGLISH_NAMES, country_name
from core.country_names_zh import CHINESE_SHORT_NAMES
from core.multilingual import GUEST_LANGUAGES
from events.models import GuestCategory
from events.models.guest import Gender, normalize_passport_number

DATE_FIELDS = {"passport_expiry", "date_of_birth"}
DATETIME_FIELDS = {"arrival_time", "departure_time"}
MULTILINE_FIELDS = {"internal_notes", "dietary"}
DATE_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$"), ("y", "m", "d")),
]
TIME_PART = re.compile(r"^(.*?)[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
GENDERS = {
    "f": Gender.FEMALE, "female": Gender.FEMALE, "woman": Gender.FEMALE, "女": Gender.FEMALE, "ж": Gender.FEMALE,
    "жен": Gender.FEMALE, "женский": Gender.FEMALE,
    "m": Gender.MALE, "male": Gender.MALE, "man": Gender.MALE, "男": Gender.MALE, "м": Gender.MALE,
    "муж": Gender.MALE, "мужской": Gender.MALE,
    "x": Gender.OTHER, "other": Gender.OTHER, "其他": Gender.OTHER,
}


# Everyday names that no ISO or UN list spells this way.
COUNTRY_ALIASES = {
    "russia": "RU", "россия": "RU", "usa": "US", "united states": "US", "uk": "GB", "great britain": "GB",
    "britain": "GB", "south korea": "KR", "korea": "KR", "north korea": "KP", "laos": "LA", "syria": "SY",
    "moldova": "MD", "tanzania": "TZ", "bolivia": "BO", "venezuela": "VE", "czech republic": "CZ",
    "turkey": "TR", "iran": "IR", "vietnam": "VN", "brunei": "BN", "кнр": "CN", "china": "CN", "中国": "CN",
}


class CellError(ValueError):
    pass


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().replace("ё", "е").split())


@lru_cache(maxsize=1)
def _country_words() -> dict:
    words = dict(COUNTRY_ALIASES)
    for country in pycountry.countries:
        code = country.alpha_2
        names = [code, country.alpha_3, country.name, getattr(country, "official_name", ""),
                 getattr(country, "common_name", ""), country_name(code, "en"), country_name(code, RUSSIAN),
                 CHINESE_SHORT_NAMES.get(code, ""), UN_ENGLISH_NAMES.get(code, "")]
        for name in names:
            if name:
                words.setdefault(_fold(name), code)
    return words


def parse_country(value) -> str:
    code = _country_words().get(_fold(str(value)))
    if not code:
        raise CellError(_("Unknown country: %(value)s (write an ISO code such as KZ, or the country's name).")
                        % {"value": str(value)[:60]})
    return code


@lru_cache(maxsize=1)
def _category_words() -> dict:
    words = {}
    for value, label in GuestCategory.choices:
        words[_fold(value)] = value
        for language in ("en", CHINESE, RUSSIAN):
            with translation.override(language):
                words.setdefault(_fold(str(label)), value)
    return words


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern, order in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(group) for group in match.groups()), strict=True))
            try:
                return datetime.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                break
    raise CellError(_("Not a date: %(value)s (write 2026-05-14, 14.05.2026 or 14/05/2026).") % {"value": text[:40]})


def parse_datetime(value, zone: str) -> datetime.datetime:
    local = zoneinfo.ZoneInfo(zone)
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=local)
    text = str(value).strip()
    try:
        moment = datetime.datetime.fromisoformat(text)
        return moment if moment.tzinfo else moment.replace(tzinfo=local)
    except ValueError:
        pass
    match = TIME_PART.match(text)
    if match:
        try:
            day = parse_date(match.group(1))
            return datetime.datetime(day.year, day.month, day.day, int(match.group(2)), int(match.group(3)),
                                     int(match.group(4) or 0), tzinfo=local)
        except (CellError, ValueError):
            pass
    raise CellError(_("Not a date and time: %(value)s (write 2026-05-14 09:30).") % {"value": text[:40]})


def clean_text(value, field: str) -> str:
    if isinstance(value, (datetime.datetime, datetime.date)):
        value = value.isoformat()
    text = str(value).strip()
    allowed = "\n\t" if field in MULTILINE_FIELDS else ""
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in allowed:
            raise CellError(_("Contains a control character (U+%(code)04X); remove it.") % {"code": ord(char)})
    return text


def parse_cell(field: str, value, *, zone: str):
    """The field's value from a non-blank cell; raises CellError."""
    if field in DATE_FIELDS:
        return parse_date(value)
    if field in DATETIME_FIELDS:
        return parse_datetime(value, zone)
    text = clean_text(value, field)
    if field == "country":
        return parse_country(text)
    if field == "passport_number":
        return normalize_passport_number(text)
    if field == "category":
        category = _category_words().get(_fold(text))
        if not category:
            raise CellError(_("Unknown category: %(value)s.") % {"value": text[:40]})
        return category
    if field == "gender":
        gender = GENDERS.get(_fold(text).rstrip("."))
        if not gender:
            raise CellError(_("Unknown gender: %(value)s (write M, F or X).") % {"value": text[:20]})
        return gender
    if field == "language":
        return parse_language(text)
    if field in ("arrival_flight", "departure_flight"):
        return text.upper()
    return text


def parse_language(text: str) -> str:
    codes = {code for code, _label in GUEST_LANGUAGES}
    folded = text.strip().lower().replace("_", "-")
    if folded in {"zh", "zh-cn", "chinese", "中文", "汉语"}:
        return "zh-hans"
    if folded in codes:
        return folded
    try:
        language = pycountry.languages.lookup(text.strip())
        if getattr(language, "alpha_2", "") in codes:
            return language.alpha_2
    except LookupError:
        pass
    raise CellError(_("Unknown language: %(value)s (write a code such as en, ru, kk).") % {"value": text[:30]})
