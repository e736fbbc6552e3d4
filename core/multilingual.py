"""Multilingual text stored as a JSON object: {"en": "…", "zh-hans": "…", "ru": "…"}."""
import re

import pycountry
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import models

LANGUAGE_CODE_RE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}$")
CONTENT_LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("ru", "Русский"),
    ("kk", "Қазақ тілі"),
    ("ky", "Кыргызча"),
    ("tg", "Тоҷикӣ"),
    ("uz", "Oʻzbekcha"),
    ("tk", "Türkmençe"),
    ("mn", "Монгол"),
    ("ja", "日本語"),
    ("ko", "한국어"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("fr", "Français"),
    ("es", "Español"),
    ("pt", "Português"),
    ("de", "Deutsch"),
    ("vi", "Tiếng Việt"),
    ("th", "ไทย"),
    ("km", "ខ្មែរ"),
    ("hi", "हिन्दी"),
    ("ta", "தமிழ்"),
    ("he", "עברית"),
    ("am", "አማርኛ"),
    ("ka", "ქართული"),
    ("hy", "Հայերեն"),
    ("el", "Ελληνικά"),
    ("tr", "Türkçe"),
    ("id", "Bahasa Indonesia"),
    ("ms", "Bahasa Melayu"),
    ("sw", "Kiswahili"),
    ("cy", "Cymraeg"),
]
CONTENT_LANGUAGE_CODES = {code for code, _ in CONTENT_LANGUAGES}


def _other_iso_639_1_languages() -> list[tuple[str, str]]:
    """Every other two-letter ISO 639-1 language, by its own name where Django knows it."""
    return sorted(
        (language.alpha_2, LANG_INFO.get(language.alpha_2, {}).get("name_local") or language.name)
        for language in pycountry.languages
        if hasattr(language, "alpha_2") and language.alpha_2 not in CONTENT_LANGUAGE_CODES
    )


# The language a guest speaks (for interpreters and seating): any ISO 639-1 language, not only those
# our content is written in; the content languages first, with their script variants (zh-hans).
GUEST_LANGUAGES = CONTENT_LANGUAGES + _other_iso_639_1_languages()
# Languages a feed or document may ask for are the content languages; anything else falls back.


def normalize_language(code: str | None) -> str:
    """Map common spellings (zh, zh-CN, zh_Hans, ru-RU) onto our content language codes."""
    if not code:
        return ""
    code = code.strip().lower().replace("_", "-")
    if code in CONTENT_LANGUAGE_CODES:
        return code
    if code in {"zh", "zh-cn", "zh-sg", "zh-hans-cn"}:
        return "zh-hans"
    if code in {"zh-tw", "zh-hk", "zh-mo", "zh-hant-tw"}:
        return "zh-hant"
    base = code.split("-")[0]
    return base if base in CONTENT_LANGUAGE_CODES else ""


def localized(value: dict | None, language: str | None, fallback: str | None = None) -> str:
    """The text in `language`, else `fallback`, else English, else Chinese, else any text."""
    if not value:
        return ""
    for code in (normalize_language(language), fallback, "en", "zh-hans"):
        if code and value.get(code):
            return value[code]
    return next((text for text in value.values() if text), "")


def in_active_language(value: dict | None) -> str:
    """The text in the language of the current request (the admin in Chinese shows Chinese names)."""
    from django.utils import translation

    return localized(value, translation.get_language())


def validate_multilingual(value, *, max_length=300, required=True):
    if not isinstance(value, dict):
        raise ValidationError('Expected an object of language code to text, e.g. {"en": "…", "zh-hans": "…"}.')
    if required and not any(isinstance(v, str) and v.strip() for v in value.values()):
        raise ValidationError("At least one language must have a text.")
    for code, text in value.items():
        if not isinstance(code, str) or code not in CONTENT_LANGUAGE_CODES:
            raise ValidationError(f"Unknown language code {str(code)[:20]!r}; use one of: en, zh-hans, ru, ….")
        if not isinstance(text, str):
            raise ValidationError(f"The {code!r} text must be a string.")
        if "\x00" in text:
            raise ValidationError(f"The {code!r} text contains a NUL character.")
        if len(text) > max_length:
            raise ValidationError(f"The {code!r} text is {len(text)} characters long; the limit is {max_length}.")


class MultilingualField(models.JSONField):
    """JSON object of language → text, validated on full_clean and in the API."""

    def __init__(self, *args, max_text_length=300, required=True, **kwargs):
        self.max_text_length = max_text_length
        self.required = required
        kwargs.setdefault("default", dict)
        if not required:
            kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_text_length"] = self.max_text_length
        if not self.required:
            kwargs["required"] = False
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        validate_multilingual(value or {}, max_length=self.max_text_length, required=self.required)
