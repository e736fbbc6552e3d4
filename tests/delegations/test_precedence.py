"""Protocol order in English, Russian and Chinese (Hanyu Pinyin), with a drawn letter and overrides."""
import pytest

from core.countries import country_name
from delegations.domain.precedence import precedence_order
from tests.delegations.helpers import make_delegation

pytestmark = pytest.mark.django_db

COUNTRIES = ["CN", "KZ", "KG", "RU", "TJ", "TM", "UZ", "KR", "CI"]


@pytest.fixture
def delegations(event):
    return {code: make_delegation(event, name=f"Delegation {code}", country=code) for code in COUNTRIES}


def order(event, **settings):
    for name, value in settings.items():
        setattr(event, name, value)
    event.save()
    return [entry.delegation.country for entry in precedence_order(event, event.delegations.all()).entries]


def test_english_un_practice(event, delegations):
    # China, Côte d'Ivoire, Kazakhstan, Kyrgyzstan, Republic of Korea, Russian Federation, Tajikistan, …
    assert order(event, precedence_language="en") == ["CN", "CI", "KZ", "KG", "KR", "RU", "TJ", "TM", "UZ"]
    assert country_name("KR", "en") == "Republic of Korea"


def test_russian_alphabetical(event, delegations):
    # Казахстан, Киргизия, Китай, Кот-д'Ивуар, Республика Корея, Российская Федерация, Таджикистан, Туркменистан, Узбекистан
    assert order(event, precedence_language="ru") == ["KZ", "KG", "CN", "CI", "KR", "RU", "TJ", "TM", "UZ"]


def test_chinese_by_hanyu_pinyin(event, delegations):
    # 俄罗斯 é, 哈萨克斯坦 hā, 韩国 hán, 吉尔吉斯斯坦 jí, 科特迪瓦 kē, 塔吉克斯坦 tǎ, 土库曼斯坦 tǔ, 乌兹别克斯坦 wū, 中国 zhōng
    assert order(event, precedence_language="zh-hans") == ["RU", "KZ", "KR", "KG", "CI", "TJ", "TM", "UZ", "CN"]


def test_tones_break_ties_between_equal_letters(event):
    # 哈 hā (tone 1) comes before 韩 hán (tone 2).
    kr = make_delegation(event, name="Korea", country="KR")
    kz = make_delegation(event, name="Kazakhstan", country="KZ")
    event.precedence_language = "zh-hans"
    result = precedence_order(event, [kr, kz])
    assert [e.key for e in result.entries] == ["ha1 sa4 ke4 si1 tan3", "han2 guo2"]


def test_starting_letter_drawn_by_lot_wraps_around(event, delegations):
    # "Republic of Korea" is under R in UN practice.
    assert order(event, precedence_language="en", precedence_start_letter="R") == [
        "KR", "RU", "TJ", "TM", "UZ", "CN", "CI", "KZ", "KG"]
    assert order(event, precedence_language="ru", precedence_start_letter="Т") == [
        "TJ", "TM", "UZ", "KZ", "KG", "CN", "CI", "KR", "RU"]
    assert order(event, precedence_language="zh-hans", precedence_start_letter="t") == [
        "TJ", "TM", "UZ", "CN", "RU", "KZ", "KR", "KG", "CI"]


def test_a_letter_outside_the_alphabet_is_ignored_and_reported(event, delegations):
    event.precedence_language = "ru"
    event.precedence_start_letter = "Q"
    result = precedence_order(event, event.delegations.all())
    assert result.start_letter_ignored and result.start_letter == ""
    assert result.entries[0].delegation.country == "KZ"


def test_manual_override_places_a_delegation(event, delegations):
    delegations["CN"].precedence_override = 99  # the host country last
    delegations["CN"].save()
    delegations["UZ"].precedence_override = 1
    delegations["UZ"].save()
    assert order(event, precedence_language="en") == ["UZ", "CI", "KZ", "KG", "KR", "RU", "TJ", "TM", "CN"]


def test_precedence_endpoint_and_sorted_list(protocol, base, event, delegations):
    event.precedence_language = "zh-hans"
    event.save()
    data = protocol.get(f"{base}precedence/").json()
    assert data["language"] == "zh-hans"
    first = data["delegations"][0]
    assert first == {"position": 1, "id": delegations["RU"].pk, "name": "Delegation RU", "country": "RU",
                     "country_name": "俄罗斯", "key": "e2 luo2 si1", "override": None}
    listing = protocol.get(f"{base}delegations/").json()["results"]
    assert [d["country"] for d in listing] == ["RU", "KZ", "KR", "KG", "CI", "TJ", "TM", "UZ", "CN"]
    assert [d["precedence_position"] for d in listing] == list(range(1, 10))
    assert listing[0]["country_name"] == "俄罗斯"
    by_name = protocol.get(f"{base}delegations/?ordering=name").json()["results"]
    assert [d["name"] for d in by_name] == sorted(d["name"] for d in by_name)
    only_kz = protocol.get(f"{base}delegations/?country=KZ").json()["results"]
    assert [d["country"] for d in only_kz] == ["KZ"]
