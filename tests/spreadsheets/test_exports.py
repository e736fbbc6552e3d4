"""Exports reopen in openpyxl with the database's values; formula-like text survives as text; the
printed rooming list holds every name."""
import csv
import datetime
import io
import subprocess

import openpyxl
import pytest

from core.countries import country_name
from delegations.models import ItineraryItem
from tests import factories
from tests.delegations.helpers import at, make_delegation, make_hotel, make_item, make_member, make_staff, make_stay, make_vehicle

pytestmark = pytest.mark.django_db


def _sheet(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def _url(event, name):
    return f"/api/v1/events/{event.slug}/exports/{name}"


def test_the_guest_export_equals_the_database(event, as_role):
    delegation = make_delegation(event, name="Kazakhstan")
    guests = [make_member(delegation, family_name="НҰРЛАНҰЛЫ", native_name="Айдос Нұрланұлы"),
              factories.make_guest(event, family_name="=cmd|' /C calc'!A0", native_name="محمد", chinese_name="穆罕默德",
                                   passport_number="AE123", arrival_time=at(31, 14, 5, month=10)),
              factories.make_guest(event, family_name="សុខ", native_name="ចាន់ដារ៉ា សុខ", email="+86 592 1234@x.cn")]
    columns = "family_name,native_name,chinese_name,country,delegation,passport_number,date_of_birth,arrival_time,email"
    sheet = _sheet(as_role("protocol").get(_url(event, "guests.xlsx"), {"columns": columns, "lang": "zh-hans"}))
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("姓", "本国文字姓名", "中文名", "国家", "代表团", "护照号码", "出生日期", "抵达时间", "电子邮件")
    assert len(rows) == 4
    by_name = {row[0]: row for row in rows[1:]}
    for guest in guests:
        guest.refresh_from_db()
        row = by_name[guest.family_name]
        assert row[1:4] == (guest.native_name, guest.chinese_name or None, country_name(guest.country, "zh-hans"))
        assert row[5] == guest.passport_number and row[6].date() == guest.date_of_birth
        assert row[8] == (guest.email or None)
    formula = sheet["A2"] if sheet["A2"].value.startswith("=") else next(
        c for c in sheet["A"] if str(c.value).startswith("="))
    assert formula.data_type == "s" and formula.value == "=cmd|' /C calc'!A0"  # text, never a formula
    assert by_name["=cmd|' /C calc'!A0"][7] == datetime.datetime(2023, 10, 31, 14, 5)  # local time, a real date
    assert sheet.column_dimensions["C"].width >= 10  # 穆罕默德: four wide characters


def test_the_guest_csv_has_a_bom_and_inert_formulas(event, as_role):
    factories.make_guest(event, family_name="=HYPERLINK(\"http://x\")", position="+86 592 1234 5678")
    response = as_role("registration").get(_url(event, "guests.csv"), {"columns": "family_name,position", "lang": "en"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["Family name", "Position"], ["'=HYPERLINK(\"http://x\")", "'+86 592 1234 5678"]]


def test_passport_columns_need_view_passport_and_unknown_columns_are_named(event, as_role):
    registration = as_role("registration")
    refused = registration.get(_url(event, "guests.xlsx"), {"columns": "family_name,passport_number"})
    assert refused.status_code == 403 and "view_passport" in refused.json()["detail"]
    unknown = registration.get(_url(event, "guests.xlsx"), {"columns": "family_name,salary"})
    assert unknown.status_code == 400 and "salary" in unknown.json()["columns"][0]
    assert registration.get(_url(event, "guests.xlsx"), {"lang": "fr"}).status_code == 400
    assert as_role("checkin").get(_url(event, "guests.xlsx")).status_code == 403


def test_delegations_in_precedence_order(event, as_role):
    liaison = make_staff(event, full_name="Chen Jing", phone="+86 138 0000 0001")
    for name, country in (("Uzbekistan", "UZ"), ("Kazakhstan", "KZ"), ("Kyrgyzstan", "KG")):
        delegation = make_delegation(event, name=name, country=country, liaison_officer=liaison if country == "KZ" else None)
        make_member(delegation)
    sheet = _sheet(as_role("viewer").get(_url(event, "delegations.xlsx"), {"lang": "en"}))
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == ["Kazakhstan", "Kyrgyzstan", "Uzbekistan"]
    assert rows[1][0] == 1 and rows[1][5] == 1 and rows[1][7] == "Chen Jing" and rows[1][8] == "+86 138 0000 0001"


def _logistics(event):
    delegation = make_delegation(event, name="Kazakhstan")
    aidos = make_member(delegation, family_name="NURLANULY", given_name="Aidos", chinese_name="艾多斯")
    aigerim = make_member(delegation, family_name="ZHAKSYBEKOVA", given_name="Aigerim")
    hotel = make_hotel(event)
    stay = make_stay(hotel, aidos, room_number="1201")
    stay.shared_with.set([aigerim])
    make_stay(hotel, aigerim, room_number="1201")
    driver = make_staff(event, role="driver", full_name="Li Wei", phone="+86 139 0000 0002")
    car = make_vehicle(event, plate="闽D·00001", driver=driver)
    make_item(event, start=at(31, 14, 5, month=10), kind=ItineraryItem.Kind.ARRIVAL, vehicle=car, delegation=delegation,
              flight_number="KC891", terminal="T3", location_text="Xiamen Airport")
    make_item(event, start=at(31, 16, 0, month=10), vehicle=car, guests=[aidos], location_text="Seaside Hotel")
    return aidos, aigerim


def test_rooming_list_and_manifest_and_arrivals(event, as_role):
    _logistics(event)
    client = as_role("protocol")
    rooming = list(_sheet(client.get(_url(event, "rooming-list.xlsx"), {"lang": "en"})).iter_rows(values_only=True))
    assert rooming[1][:3] == ("Seaside Hotel", "1201", "Aidos NURLANULY") and rooming[1][7] == "Aigerim ZHAKSYBEKOVA"
    assert rooming[1][4] == datetime.datetime(2023, 10, 31) and rooming[1][6] == 3
    night = client.get(_url(event, "rooming-list.csv"), {"date": "2023-11-03"})
    assert night.content.decode("utf-8-sig").count("\r\n") == 1  # checked out that morning: header only
    manifest = list(_sheet(client.get(_url(event, "transport-manifest.xlsx"), {"lang": "en"})).iter_rows(values_only=True))
    assert [row[4] for row in manifest[1:]] == [datetime.datetime(2023, 10, 31, 14, 5), datetime.datetime(2023, 10, 31, 16)]
    assert manifest[1][1:4] == ("闽D·00001", "Li Wei", "+86 139 0000 0002") and manifest[1][11] == 2
    assert manifest[2][7:9] == ("Xiamen Airport", "Seaside Hotel")
    arrivals = list(_sheet(client.get(_url(event, "arrivals.xlsx"), {"date": "2023-10-31"})).iter_rows(values_only=True))
    assert arrivals[1][2:7] == ("KC891", "T3", "Kazakhstan", "Aidos NURLANULY; Aigerim ZHAKSYBEKOVA", 2)
    assert client.get(_url(event, "departures.csv")).status_code == 200


def _pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()


def test_the_printed_rooming_list_and_manifest_hold_the_names(event, as_role):
    aidos, _ = _logistics(event)
    factories.make_guest(event, family_name="العتيبي", given_name="محمد")
    stay_guest = factories.make_guest(event, family_name="សុខ", given_name="ចាន់ដារ៉ា", chinese_name="索克")
    make_stay(make_hotel(event, name={"en": "Harbour Hotel", "zh-hans": "海港酒店"}), stay_guest, room_number="808")
    client = as_role("protocol")
    response = client.get(_url(event, "rooming-list.pdf"), {"lang": "zh-hans"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for expected in ("住宿名单", "海景酒店", "海港酒店", "艾多斯 Aidos NURLANULY", "ចាន់ដារ៉ា សុខ", "1201", "808"):
        assert expected in text, expected
    manifest = _pdf_text(client.get(_url(event, "transport-manifest.pdf"), {"lang": "en"}).content)
    for expected in ("Transport manifest", "闽D·00001", "Li Wei", "KC891", "Aidos NURLANULY"):
        assert expected in manifest, expected
