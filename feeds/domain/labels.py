"""Static words that feeds print around the data, through gettext (catalogs in feeds/locale).

A feed in a language without these words gets those of the event's default language, then
English — the same fallback as core.multilingual.localized gives the titles next to them."""
from django.utils import translation
from django.utils.translation import pgettext_lazy

from core.multilingual import normalize_language

CONTEXT = "calendar feed"
LABELS = {
    "programme": pgettext_lazy("calendar feed", "Programme"),
    "cancelled": pgettext_lazy("calendar feed", "Cancelled"),
    "flight": pgettext_lazy("calendar feed", "Flight"),
    "terminal": pgettext_lazy("calendar feed", "Terminal"),
    "vehicle": pgettext_lazy("calendar feed", "Vehicle"),
    "driver": pgettext_lazy("calendar feed", "Driver"),
    "liaison_officer": pgettext_lazy("calendar feed", "Liaison officer"),
    "interpreter": pgettext_lazy("calendar feed", "Interpreter"),
    "delegation": pgettext_lazy("calendar feed", "Delegation"),
}
# English (the msgids) and the languages of the catalogs in feeds/locale.
LABEL_LANGUAGES = ("en", "zh-hans", "zh-hant", "ru")
# "Flight: KC891" but "航班：KC891": Chinese takes a full-width colon and no space.
SEPARATORS = {"zh-hans": "：", "zh-hant": "："}
LIST_SEPARATORS = {"zh-hans": "，", "zh-hant": "，"}


def feed_language(language: str | None, event) -> str:
    """A content language code; anything unknown falls back to the event's default language."""
    return normalize_language(language) or event.default_language


class Labels:
    """The static words of one feed, translated once for its language."""

    def __init__(self, language: str | None, fallback: str | None):
        wanted = (normalize_language(language), normalize_language(fallback), "en")
        self.language = next(code for code in wanted if code in LABEL_LANGUAGES)
        with translation.override(self.language):
            self._words = {key: str(text) for key, text in LABELS.items()}

    def __getitem__(self, key: str) -> str:
        return self._words[key]

    def line(self, key: str, value: str) -> str:
        return f"{self[key]}{SEPARATORS.get(self.language, ': ')}{value}"

    def join(self, parts) -> str:
        return LIST_SEPARATORS.get(self.language, ", ").join(part for part in parts if part)
