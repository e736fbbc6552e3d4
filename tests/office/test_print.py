"""The run of show PDF: A3 landscape, drawn by core.typesetting, so that the names of every script are
in its text (pdftotext), in the language of the page that asked for it."""
import datetime
import unicodedata

import pypdfium2
import pytest
from django.test import Client

from delegations.models import ItineraryItem
from tests import factories
from tests.helpers.pdf import extract_text
from tests.office.conftest import at, board_url, build_day, item

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(event):
    made = build_day(event, 3)
    kz = made["delegations"][0]["delegation"]
    kz.name = "Делегация Республики Казахстан"
    kz.save()
    kg = made["delegations"][1]["delegation"]
    kg.name = "吉尔吉斯共和国代表团"
    kg.save()
    guest = factories.make_guest(event, given_name="محمد", family_name="العلي", country="AE", native_name="محمد العلي")
    item(event, "Arrival of the Emirati minister", at(15, 0), at(15, 40), zh="阿联酋部长抵达",
         kind=ItineraryItem.Kind.ARRIVAL, flight_number="EK362", terminal="T3", guests=[guest], start_timezone="Asia/Dubai")
    item(event, "Departure", at(20, 0), at(23, 0), zh="离开", kind=ItineraryItem.Kind.DEPARTURE, delegation=kg,
         flight_number="CZ6007", terminal="T4", end_timezone="Asia/Bishkek")
    return made


def _pdf(client, event):
    response = client.get(f"{board_url(event)}run-of-show.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="run-of-show-{event.slug}-2023-11-01.pdf"'
    return response.content


def test_run_of_show_holds_every_name_in_every_script(event, world):
    user = factories.make_member(event, "protocol")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    pdf = _pdf(client, event)
    document = pypdfium2.PdfDocument(pdf)
    width, height = document[0].get_size()
    assert (round(width), round(height)) == (1191, 842)  # A3 landscape, in points
    text = "".join(ch for ch in extract_text(pdf) if unicodedata.category(ch) != "Cf")  # no bidi marks
    assert "测试论坛 · 活动流程 · 2023-11-01 (Asia/Shanghai)" in text
    for name in ("Делегация Республики Казахстан", "吉尔吉斯共和国代表团", "Delegation TJ 2",  # lanes
                 "开幕式", "与副部长双边会见", "阿联酋部长抵达", "Villa 5",  # blocks and the day's list, in Chinese
                 "محمد العلي", "EK362", "CZ6007", "Dubai 11:00", "Bishkek 21:00", "T4",  # arrivals and departures
                 "Liaison 0 联络员0", "闽D·00000 · Buick GL8",
                 "时间冲突", "TOKAYEV同时被安排在“Meeting 0”"):  # the clash, its reason in Chinese too
        assert name in text, name


def test_run_of_show_in_english_without_guest_names_for_the_gate(event, world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(factories.make_member(event, "checkin"))
    text = extract_text(_pdf(client, event))
    assert "Test Forum · Run of show · 2023-11-01" in text
    assert "Arrivals and departures" in text and "Double booking" in text
    assert "Делегация Республики Казахстан" in text
    assert "محمد" not in text and "TOKAYEV" not in text
    assert datetime.date(2023, 11, 1).isoformat() in text
