"""Country names as protocol writes them, one place for badges, precedence, booklets and the desk:
UN short names in English ("Republic of Korea", not "Korea, Republic of"), the ISO names in
Russian, and the short names of Chinese protocol ("韩国", not the long official form) from the
project's own table (backend/country_names_zh.py)."""
import gettext
from functools import lru_cache

import pycountry

from core.country_names_zh import CHINESE_SHORT_NAMES

ENGLISH, RUSSIAN, CHINESE = "en", "ru", "zh-hans"

# UN short names where pycountry inverts them around a comma ("Korea, Republic of").
UN_ENGLISH_NAMES = {
    "US": "United States of America",
    "GB": "United Kingdom of Great Britain and Northern Ireland",
    "KR": "Republic of Korea",
    "KP": "Democratic People's Republic of Korea",
    "MD": "Republic of Moldova",
    "TZ": "United Republic of Tanzania",
    "CD": "Democratic Republic of the Congo",
    "IR": "Iran (Islamic Republic of)",
    "BO": "Bolivia (Plurinational State of)",
    "VE": "Venezuela (Bolivarian Republic of)",
    "FM": "Micronesia (Federated States of)",
}


@lru_cache(maxsize=4)
def _translation(locale: str):
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale])


def country_name(code: str, language: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    if language == RUSSIAN:
        return _translation("ru").gettext(country.name)
    if language == CHINESE:
        return CHINESE_SHORT_NAMES[code]
    if code in UN_ENGLISH_NAMES:
        return UN_ENGLISH_NAMES[code]
    if ", " in country.name:  # anything else inverted: "X, Y of" → "X (Y of)"
        head, tail = country.name.split(", ", 1)
        return f"{head} ({tail})"
    return country.name
