"""Static words that feeds print around the data, in the languages protocol works in.

A feed in another language gets the words of the event's default language, then English —
the same fallback as core.multilingual.localized gives the titles next to them."""
from core.multilingual import normalize_language

LABELS = {
    "programme": {"en": "Programme", "zh-hans": "日程", "zh-hant": "日程", "ru": "Программа"},
    "cancelled": {"en": "Cancelled", "zh-hans": "已取消", "zh-hant": "已取消", "ru": "Отменено"},
    "flight": {"en": "Flight", "zh-hans": "航班", "zh-hant": "航班", "ru": "Рейс"},
    "terminal": {"en": "Terminal", "zh-hans": "航站楼", "zh-hant": "航廈", "ru": "Терминал"},
    "vehicle": {"en": "Vehicle", "zh-hans": "车辆", "zh-hant": "車輛", "ru": "Автомобиль"},
    "driver": {"en": "Driver", "zh-hans": "司机", "zh-hant": "司機", "ru": "Водитель"},
    "liaison_officer": {"en": "Liaison officer", "zh-hans": "联络员", "zh-hant": "聯絡員", "ru": "Офицер связи"},
    "interpreter": {"en": "Interpreter", "zh-hans": "翻译", "zh-hant": "翻譯", "ru": "Переводчик"},
    "delegation": {"en": "Delegation", "zh-hans": "代表团", "zh-hant": "代表團", "ru": "Делегация"},
}
LABEL_LANGUAGES = ("en", "zh-hans", "zh-hant", "ru")
# "Flight: KC891" but "航班：KC891": Chinese takes a full-width colon and no space.
SEPARATORS = {"zh-hans": "：", "zh-hant": "："}
LIST_SEPARATORS = {"zh-hans": "，", "zh-hant": "，"}


class Labels:
    """The static words of one feed, resolved once for its language."""

    def __init__(self, language: str | None, fallback: str | None):
        wanted = (normalize_language(language), normalize_language(fallback), "en")
        self.language = next(code for code in wanted if code in LABEL_LANGUAGES)

    def __getitem__(self, key: str) -> str:
        return LABELS[key][self.language]

    def line(self, key: str, value: str) -> str:
        return f"{self[key]}{SEPARATORS.get(self.language, ': ')}{value}"

    def join(self, parts) -> str:
        return LIST_SEPARATORS.get(self.language, ", ").join(part for part in parts if part)
