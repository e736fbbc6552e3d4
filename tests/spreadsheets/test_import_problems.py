"""Every problem of a guest list at once (row, column, message); nothing imported while any remains."""
import datetime
import io
import zipfile

import openpyxl
import pytest

from events.models import Guest
from tests import factories
from tests.delegations.helpers import make_delegation

from .files import EN_HEADER, ZH_HEADER, csv_bytes, xlsx

pytestmark = pytest.mark.django_db


def _problems(body):
    return sorted((p["row"], p["column"], p["message"]) for p in body["problems"])


def test_three_bad_cells_are_all_reported_and_nothing_is_imported(event, as_role, checked, commit):
    rows = [EN_HEADER, ["ALIYEV", "Rashid", "", "Atlantis", "AZ1"], ["", "Nobody", "", "KZ", "KZ2"],
            ["OK", "Fine", "", "KZ", "KZ3"], ["BAD\x00NAME", "X", "", "KZ", "KZ4"]]
    client = as_role("registration")
    body = checked(client, event, csv_bytes(rows), name="guests.csv").json()  # openpyxl cannot write a NUL
    problems = _problems(body)
    assert [(row, column) for row, column, _ in problems] == [(2, "D"), (3, "A"), (5, "A")]
    assert "Unknown country: Atlantis" in problems[0][2]
    assert "family_name is required" in problems[1][2]
    assert "control character (U+0000)" in problems[2][2]
    assert body["counts"] == {"create": 1, "update": 0, "unchanged": 0, "error": 3}
    assert body["can_commit"] is False
    answer = commit(client, event, body)
    assert answer.status_code == 409 and answer.json()["code"] == "has_problems"
    assert Guest.objects.count() == 0


def test_countries_dates_and_duplicates(event, as_role, checked):
    header = ["Family name", "Country", "Passport number", "Date of birth", "Passport expiry", "Arrival time"]
    rows = [header,
            ["A", "Kazakhstan", "P1", "11.10.1994", "2033-07-11", "2023-10-31 14:05"],
            ["B", "哈萨克斯坦", "P2", "11/10/1994", "2033年7月11日", datetime.datetime(2023, 10, 31, 14, 5)],
            ["C", "KZ", "p 1", datetime.date(1994, 10, 11), "31.02.2033", "soon"]]
    body = checked(as_role("manager"), event, xlsx(rows)).json()
    assert _problems(body) == [
        (4, "C", "Duplicate passport number: also on row 2."),
        (4, "E", "Not a date: 31.02.2033 (write 2026-05-14, 14.05.2026 or 14/05/2026)."),
        (4, "F", "Not a date and time: soon (write 2026-05-14 09:30)."),
    ]
    assert body["rows"][0]["cells"]["B"] == "KZ" and body["rows"][1]["cells"]["B"] == "KZ"
    assert body["rows"][1]["cells"]["E"] == "2033-07-11" and body["rows"][0]["cells"]["D"] == "••••"
    assert body["rows"][1]["cells"]["F"] == "2023-10-31T14:05:00+08:00"


def test_formulas_give_their_cached_value_and_are_never_run(event, as_role, checked, tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(EN_HEADER)
    workbook.active.append(["=UPPER(\"x\")", "Y", "", "KZ", "P1"])
    path = tmp_path / "formula.xlsx"
    workbook.save(path)
    body = checked(as_role("manager"), event, path.read_bytes()).json()
    # openpyxl stores no cached value: the cell reads as empty, never as the formula or its result.
    assert _problems(body) == [(2, "A", "family_name is required and empty.")]


def test_quota_exceeded_and_member_of_another_delegation(event, as_role, checked):
    full = make_delegation(event, name="Kyrgyzstan", quota=2)
    factories.make_guest(event, delegation=full, passport_number="KG1")
    other = make_delegation(event, name="Tajikistan")
    factories.make_guest(event, delegation=other, passport_number="TJ1", family_name="RAHMON")
    rows = [EN_HEADER, ["A", "a", "", "KG", "KG2"], ["B", "b", "", "KG", "KG3"], ["RAHMON", "", "", "TJ", "TJ1"]]
    body = checked(as_role("protocol"), event, xlsx(rows), delegation=full.pk).json()
    problems = _problems(body)
    assert [(row, column) for row, column, _ in problems] == [(3, None), (4, None)]
    assert "Quota exceeded" in problems[0][2] and "already a member of the delegation “Tajikistan”" in problems[1][2]
    assert [row["action"] for row in body["rows"]] == ["create", "error", "error"]


def test_merged_and_duplicate_headers_are_problems(event, as_role, checked):
    merged = xlsx([["姓名", None, "国籍", "护照号码"], ["王", "小明", "CN", "E1"]], merge="A1:B1")
    body = checked(as_role("manager"), event, merged).json()
    assert _problems(body) == [(1, None, "No column holds family_name; it is required.")]
    duplicated = xlsx([["Surname", "Family name", "Country"], ["A", "B", "KZ"]])
    body = checked(as_role("manager"), event, duplicated).json()
    assert _problems(body)[0][:2] == (1, "B") and "duplicate header" in _problems(body)[0][2]
    headless = xlsx([["姓", None, "国籍"], ["王", "小明", "CN"]], merge="A1:B1")
    body = checked(as_role("manager"), event, headless).json()
    assert _problems(body) == [(2, "B", "This column has data but no header (merged header cells?): give it a "
                                        "header, or map it in the mapping (an empty field leaves it out).")]
    mapped = checked(as_role("manager"), event, headless, mapping='{"B": "given_name"}').json()
    assert mapped["problems"] == [] and mapped["rows"][0]["cells"] == {"A": "王", "B": "小明", "C": "CN"}


def test_a_remapped_import_is_checked_again(event, as_role, checked, django_capture_on_commit_callbacks):
    client = as_role("manager")
    body = checked(client, event, xlsx([["姓", None, "国籍"], ["王", "小明", "CN"]], merge="A1:B1")).json()
    url = f"/api/v1/events/{event.slug}/imports/{body['id']}/mapping/"
    assert client.post(url, {"mapping": {"B": "passport"}}, format="json").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"mapping": {"B": ""}}, format="json").status_code == 202
    again = client.get(f"/api/v1/events/{event.slug}/imports/{body['id']}/").json()
    assert again["status"] == "ready" and again["problems"] == [] and again["counts"]["create"] == 1


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize("content, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "This is not a spreadsheet"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "encrypted (password-protected) workbook"),
    (b"PK\x03\x04" + b"garbage" * 100, "The workbook is damaged"),
    (b"", "The submitted file is empty."),
])
def test_files_that_are_no_spreadsheet_are_refused_naming_the_file(event, as_role, checked, content, message):
    answer = checked(as_role("manager"), event, content)
    assert answer.status_code == 400 and message in answer.json()["file"][0]
    assert not Guest.objects.exists()


def test_a_zip_bomb_is_refused_before_unpacking(event, as_role, checked):
    answer = checked(as_role("manager"), event, _bomb())
    assert answer.status_code == 400 and "unpacks to far more data" in answer.json()["file"][0]


def test_a_file_beyond_the_size_limit_is_a_413(event, as_role, checked, settings):
    settings.SPREADSHEET_IMPORT_MAX_BYTES = 1024 * 1024
    answer = checked(as_role("manager"), event, csv_bytes([ZH_HEADER]) + b"x" * (1024 * 1024))
    assert answer.status_code == 413
    assert answer.json()["code"] == "too_large" and "at most 1 MB" in answer.json()["file"][0]


def test_a_million_empty_rows_end_the_sheet_at_its_last_data_row(event, as_role, checked):
    rows = [EN_HEADER, ["A", "a", "", "KZ", "P1"]] + [[None] * 5] * 5 + [["B", "b", "", "KZ", "P2"]]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    for _ in range(1_000_000):
        sheet.append([""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    body = checked(as_role("manager"), event, buffer.getvalue()).json()
    assert body["status"] == "ready" and body["counts"]["create"] == 2 and body["total_rows"] == 2


def test_problems_are_told_in_the_uploaders_language(event, as_role, django_capture_on_commit_callbacks):
    client = as_role("registration")
    file = io.BytesIO(xlsx([ZH_HEADER, ["王", "小明", "", "火星", "E1"]]))
    file.name = "名单.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/api/v1/events/{event.slug}/imports/", {"file": file}, format="multipart",
                             HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = client.get(f"/api/v1/events/{event.slug}/imports/{answer.json()['id']}/").json()
    assert _problems(body) == [(2, "D", "未知国家：火星（请写 ISO 代码如 KZ，或国家名称）。")]
