"""Guest lists in every script and encoding arrive byte-identical; a re-import changes nothing."""
import codecs
import csv
import datetime
import io

import pytest

from audit.domain import user_of
from events.models import Guest
from spreadsheets.models import GuestImport

from .files import EN_HEADER, NAMES, RU_HEADER, ZH_HEADER, csv_bytes, xlsx

pytestmark = pytest.mark.django_db


def _stored_names():
    return sorted((g.family_name, g.given_name, g.native_name, g.country, g.passport_number)
                  for g in Guest.objects.all())


def _expected():
    codes = {"Kazakhstan": "KZ", "中国": "CN", "AE": "AE", "柬埔寨": "KH"}
    return sorted((f, g, n, codes[c], p) for f, g, n, c, p in NAMES)


def test_an_xlsx_with_chinese_headers_imports_every_script_byte_identical(event, as_role, checked, commit):
    client = as_role("registration")
    answer = checked(client, event, xlsx([ZH_HEADER, *NAMES], title_row="代表团名单"))
    assert answer.status_code == 202, answer.content
    body = answer.json()
    assert body["status"] == "ready" and body["problems"] == [] and body["header_row"] == 2
    assert [entry["field"] for entry in body["mapping"]] == [
        "family_name", "given_name", "native_name", "country", "passport_number"]
    assert body["counts"] == {"create": 4, "update": 0, "unchanged": 0, "error": 0}
    assert [row["action"] for row in body["rows"]] == ["create"] * 4
    assert body["rows"][0]["cells"]["E"] == "••••4363"  # never the passport number itself
    assert Guest.objects.count() == 0  # a dry run writes nothing

    committed = commit(client, event, body)
    assert committed.status_code == 200, committed.content
    assert committed.json()["status"] == "committed" and committed.json()["file_kept"] is False
    assert _stored_names() == _expected()
    for guest in Guest.objects.all():  # exactly the bytes sent, not normalised
        assert any(guest.native_name.encode() == n.encode() for _, _, n, _, _ in NAMES)

    again = checked(client, event, xlsx([ZH_HEADER, *NAMES], title_row="代表团名单")).json()
    assert again["counts"] == {"create": 0, "update": 0, "unchanged": 4, "error": 0}
    assert commit(client, event, again).status_code == 200
    assert Guest.objects.count() == 4


@pytest.mark.parametrize("encoding, header", [
    ("utf-8", RU_HEADER), ("utf-8-sig", EN_HEADER), ("gb18030", ZH_HEADER), ("utf-16", RU_HEADER),
    ("utf-16-le", ZH_HEADER),
])
def test_csv_in_each_encoding_is_detected_and_imported_byte_identical(event, as_role, checked, commit, encoding, header):
    client = as_role("registration")
    content = csv_bytes([header, *NAMES], encoding)
    if encoding == "utf-16-le":
        assert not content.startswith(codecs.BOM_UTF16_LE)  # no BOM: found by the NULs
    body = checked(client, event, content, name="guests.csv").json()
    assert body["status"] == "ready" and body["problems"] == [], body
    assert body["file_kind"] == "csv" and codecs.lookup(body["encoding"]).name.startswith(encoding.split("-sig")[0][:5])
    assert commit(client, event, body).status_code == 200
    assert _stored_names() == _expected()


def test_gbk_csv_from_chinese_excel_with_semicolons_and_stray_spaces(event, as_role, checked, commit):
    rows = [ZH_HEADER, ["  王 ", "小明", "王小明", " 哈萨克斯坦 ", "E12345678"], ["李", "华", "", "KZ", "e 1234 5679"]]
    body = checked(as_role("registration"), event, csv_bytes(rows, "gbk", ";"), name="名单.csv").json()
    assert body["encoding"] == "gb18030" and body["problems"] == []
    assert commit(as_role("registration"), event, body).status_code == 200
    wang, li = Guest.objects.order_by("family_name")
    assert (wang.family_name, wang.country) == ("王", "KZ") or (li.family_name, li.country) == ("王", "KZ")
    assert sorted(Guest.objects.values_list("passport_number", flat=True)) == ["E12345678", "E12345679"]


def test_an_encoding_named_with_the_upload_wins(event, as_role, checked, commit):
    content = csv_bytes([EN_HEADER, ["ÉLODIE", "Zoé", "", "FR", "FR1"]], "cp1252")
    assert checked(as_role("registration"), event, content, name="x.csv", encoding="latin-9").status_code == 400
    body = checked(as_role("registration"), event, content, name="x.csv", encoding="cp1252").json()
    assert body["encoding"] == "cp1252" and body["rows"][0]["cells"]["A"] == "ÉLODIE"


def test_the_forum_guest_list_imports_and_reimports_unchanged(event, as_role, checked, commit):
    with open("/work/shared/data/forum_guests.csv", "rb") as handle:
        content = handle.read()
    client = as_role("manager")
    body = checked(client, event, content, name="forum_guests.csv").json()
    assert body["problems"] == [], body["problems"][:3]
    rows = content.decode("utf-8").strip().splitlines()
    assert body["counts"]["create"] == len(rows) - 1
    assert {w["column"] for w in body["warnings"]} == {"A", "B"}  # event and delegation: not guest fields
    assert commit(client, event, body).status_code == 200
    source = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    stored = {g.passport_number: g for g in Guest.objects.all()}
    for record in source:
        guest = stored[record["passport_number"]]
        assert (guest.native_name, guest.chinese_name, guest.family_name) == (
            record["native_name"], record["chinese_name"], record["family_name"])
        if record["arrival_time"]:
            assert guest.arrival_time == datetime.datetime.fromisoformat(record["arrival_time"])
    again = checked(client, event, content, name="forum_guests.csv").json()
    assert again["counts"] == {"create": 0, "update": 0, "unchanged": len(source), "error": 0}
    assert GuestImport.objects.filter(event=event, status="committed").count() == 1


def test_rows_update_guests_matched_by_passport_or_reference_through_the_domain(event, as_role, checked, commit):
    from events.domain.signals import guest_changed, guest_created

    existing = Guest.objects.create(event=event, family_name="OLD", country="KZ", passport_number="KZ 7424363",
                                    external_ref="EMB-7")
    client = as_role("registration")
    header = ["External ref", "Family name", "Country", "Passport number", "Position"]
    rows = [header, ["", "NURLANULY", "KZ", "kz7424363", "Deputy Minister"], ["EMB-8", "NEW", "KG", "", ""]]
    body = checked(client, event, xlsx(rows)).json()
    assert [(r["action"], r["guest"], r["changes"]) for r in body["rows"]] == [
        ("update", existing.pk, ["family_name", "position"]), ("create", None, [])]
    created, changed = [], []
    guest_created.connect(lambda sender, guest, by, **kw: created.append((guest.family_name, by)), weak=False,
                          dispatch_uid="t-created")
    guest_changed.connect(lambda sender, guest, fields, by, **kw: changed.append((guest.pk, fields)), weak=False,
                          dispatch_uid="t-changed")
    try:
        assert commit(client, event, body).status_code == 200
    finally:
        guest_created.disconnect(dispatch_uid="t-created")
        guest_changed.disconnect(dispatch_uid="t-changed")
    assert changed == [(existing.pk, ["family_name", "position"])] and created[0][0] == "NEW"
    assert user_of(created[0][1]).username.startswith("user")  # by= the committing user (through their token)
    existing.refresh_from_db()
    assert (existing.family_name, existing.position, existing.external_ref) == ("NURLANULY", "Deputy Minister", "EMB-7")
    rows[1][0] = "EMB-7"
    again = checked(client, event, xlsx(rows)).json()
    assert again["counts"] == {"create": 0, "update": 0, "unchanged": 2, "error": 0}  # matched by reference now
    stale = checked(client, event, xlsx([header, ["EMB-8", "NEWER", "KG", "", ""]])).json()
    Guest.objects.filter(external_ref="EMB-8").update(family_name="CHANGED MEANWHILE", position="x")
    Guest.objects.filter(external_ref="EMB-8").update(external_ref="")
    answer = commit(client, event, stale)
    assert answer.status_code == 409 and answer.json()["code"] == "stale"
