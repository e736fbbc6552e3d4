"""The itinerary booklet: bilingual, every script, no internal notes."""
import datetime

import pypdfium2
import pytest

from delegations.domain.itineraries import guest_itinerary
from delegations.interfaces.booklet import booklet_languages, format_day, format_times, render_booklet
from delegations.models import Staff
from tests import factories
from tests.delegations.helpers import (
    ALMATY,
    at,
    make_delegation,
    make_hotel,
    make_item,
    make_member,
    make_staff,
    make_stay,
)
from tests.helpers.pdf import extract_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def kazakh_delegation(event, venue):
    delegation = make_delegation(event, name="Delegation of the Republic of Kazakhstan", country="KZ", language="ru",
                                 public_notes="Halal meals at every lunch.", internal_notes="INTERNAL: prefers the Hongqi")
    head = make_member(delegation, honorific="H.E.", given_name="Aidos", family_name="NURLANULY",
                       native_name="Айдос Нұрланұлы", chinese_name="艾多斯·努尔兰内", position="Deputy Minister")
    make_member(delegation, given_name="Aigerim", family_name="ZHAKSYBEKOVA", native_name="Әйгерім Жақсыбекова",
                chinese_name="艾格丽姆·扎克瑟别科娃")
    delegation.liaison_officer = make_staff(event, full_name="Chen Jing", chinese_name="陈静", phone="+86 138 0592 1101",
                                            email="chen.jing@example.cn")
    delegation.interpreter = make_staff(event, role=Staff.Role.INTERPRETER, full_name="Li Na", chinese_name="李娜",
                                        phone="+86 139 5921 2201")
    delegation.save()
    session = factories.make_session(event, venue=venue)
    delegation.sessions.add(session)
    make_item(event, at(31, 6, 55, tz=ALMATY, month=10), at(31, 14, 5, month=10), delegation=delegation, kind="arrival",
              start_timezone="Asia/Almaty", flight_number="KC891", terminal="T3",
              title={"en": "Arrival, flight KC891", "zh-hans": "抵达厦门", "ru": "Прибытие рейсом KC891"},
              location_text="Xiamen Gaoqi International Airport", internal_notes="INTERNAL: VIP lane")
    make_item(event, at(1, 11), guests=[head], venue=venue, title={"en": "Bilateral", "zh-hans": "双边会见", "ru": "Двусторонняя встреча"})
    make_item(event, at(1, 15), delegation=delegation, status="cancelled", title={"en": "Cancelled tea", "zh-hans": "茶叙取消"})
    make_stay(make_hotel(event), head, room_number="1206")
    return delegation


def test_booklet_text_has_chinese_and_cyrillic_names(kazakh_delegation):
    pdf = render_booklet(kazakh_delegation)
    assert pdf.startswith(b"%PDF")
    text = extract_text(pdf)
    for expected in ("艾多斯·努尔兰内", "Айдос Нұрланұлы", "Әйгерім Жақсыбекова", "NURLANULY", "Chen Jing", "陈静",
                     "+86 138 0592 1101", "Li Na", "李娜", "日程安排", "Программа пребывания", "2023年11月1日 星期三",
                     "1 ноября 2023 г., среда", "开幕式", "Церемония открытия", "双边会见", "Двусторонняя встреча",
                     "06:55 Almaty UTC+6", "14:05 Shanghai UTC+8", "KC891", "海景酒店", "1206", "Halal meals"):
        assert expected in text, expected
    assert "INTERNAL" not in text
    assert "茶叙取消" not in text and "Cancelled tea" not in text
    assert "Helvetica" not in pdf.decode("latin-1")  # every font is embedded


def test_booklet_renders_to_a_png(kazakh_delegation, tmp_path):
    document = pypdfium2.PdfDocument(render_booklet(kazakh_delegation))
    assert len(document) >= 2
    image = document[1].render(scale=1).to_pil().convert("L")
    path = tmp_path / "booklet-page-2.png"
    image.save(path)
    # Ink on the page: a blank render would be all white.
    assert image.getextrema()[0] < 80 and image.point(lambda p: 255 if p < 128 else 0).histogram()[255] > 2000


def test_second_language_is_english_unless_english_or_russian(event):
    kk = make_delegation(event, language="kk")
    assert booklet_languages(kk) == ("zh-hans", "en")
    assert booklet_languages(make_delegation(event, language="ru")) == ("zh-hans", "ru")
    assert booklet_languages(make_delegation(event, language="en")) == ("zh-hans", "en")
    blank = make_delegation(event)
    head = make_member(blank, language="ru")
    assert booklet_languages(blank, head) == ("zh-hans", "ru")
    make_member(kk, given_name="Aidos", native_name="Айдос Нұрланұлы", chinese_name="艾多斯")
    text = extract_text(render_booklet(kk))
    assert "Programme of the visit" in text and "Программа" not in text and "Айдос Нұрланұлы" in text


def test_names_in_any_script_and_nasty_input(event):
    delegation = make_delegation(event, name="<b>Delegation</b> of the UAE & friends", country="AE", language="en")
    make_member(delegation, given_name="Mohammed", family_name="AL MAKTOUM", native_name="محمد بن راشد",
                chinese_name="𠮷野家")
    make_member(delegation, given_name="Nino", family_name="BERIDZE", native_name="ნინო ბერიძე")
    make_item(event, at(1, 9), delegation=delegation, title={"en": "x" * 500, "zh-hans": "会议\x01"},
              location_text="Line\nbreak\ttab")
    text = extract_text(render_booklet(delegation))
    assert "<b>Delegation</b> of the UAE & friends" in text
    assert "محمد بن راشد" in text and "ნინო ბერიძე" in text and "𠮷野家" in text


def test_empty_delegation_booklet(event):
    text = extract_text(render_booklet(make_delegation(event, language="ru")))
    assert "Программа пока не составлена" in text


def test_booklet_endpoint(protocol, viewer, base, kazakh_delegation):
    for client in (protocol, viewer):
        response = client.get(f"{base}delegations/{kazakh_delegation.pk}/itinerary.pdf")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "itinerary-delegation-of-the-republic-of-kazakhstan.pdf" in response["Content-Disposition"]
        assert "艾多斯·努尔兰内" in extract_text(response.content)
    response = protocol.get(f"{base}delegations/{kazakh_delegation.pk}/itinerary.pdf", HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert protocol.get(f"{base}delegations/987654/itinerary.pdf").status_code == 404


def test_time_labels(kazakh_delegation):
    head = kazakh_delegation.members.get(family_name="NURLANULY")
    arrival, *_ = guest_itinerary(head)
    assert format_times(arrival, "Asia/Shanghai") == ["06:55 Almaty UTC+6", "→ 14:05 Shanghai UTC+8"]


def test_booklet_words_come_from_gettext_in_each_language():
    """Russian is not a UI language (settings.LANGUAGES); its catalog in delegations/locale is still used."""
    from django.utils import translation

    from delegations.interfaces.booklet import LABELS, label

    expected = {
        "zh-hans": ["日程安排", "联络人", "联络员", "翻译", "团长", "代表团成员", "住宿", "房间", "航班", "航站楼", "车辆", "司机",
                    "待定", "备注", "待定", "暂无日程", "第 {n} 页"],
        "en": ["Programme of the visit", "Contacts", "Liaison officer", "Interpreter", "Head of delegation",
               "Members of the delegation", "Accommodation", "room", "Flight", "Terminal", "Vehicle", "Driver", "tentative",
               "Notes", "to be assigned", "No programme yet", "page {n}"],
        "ru": ["Программа пребывания", "Контакты", "Офицер связи", "Переводчик", "Глава делегации", "Состав делегации",
               "Размещение", "номер", "Рейс", "Терминал", "Автомобиль", "Водитель", "предварительно", "Примечания",
               "будет назначен", "Программа пока не составлена", "стр. {n}"],
    }
    with translation.override("zh-hans"):
        for language, words in expected.items():
            assert [label(key, language) for key in LABELS] == words
        assert translation.get_language() == "zh-hans"


@pytest.mark.parametrize(("day", "language", "heading"), [
    (datetime.date(2023, 11, 1), "zh-hans", "2023年11月1日 星期三"),
    (datetime.date(2023, 11, 1), "ru", "1 ноября 2023 г., среда"),
    (datetime.date(2024, 3, 3), "ru", "3 марта 2024 г., воскресенье"),
    (datetime.date(2024, 5, 6), "ru", "6 мая 2024 г., понедельник"),
    (datetime.date(2023, 11, 1), "en", "Wednesday, 1 November 2023"),
    (datetime.date(2024, 2, 29), "zh-hans", "2024年2月29日 星期四"),
])
def test_day_headings_come_from_the_catalogs_and_django_date_names(day, language, heading):
    assert format_day(day, language) == heading
