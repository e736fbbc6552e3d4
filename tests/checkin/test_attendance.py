"""Attendance: inside each zone now, entries per checkpoint per hour, first arrivals, CSV exports."""
import csv
import datetime
import io

import pytest

from checkin.interfaces.csv_export import safe_cell
from tests.checkin.conftest import SHANGHAI, code_of, make_badge, make_checkpoint, nonce

pytestmark = pytest.mark.django_db


@pytest.fixture
def upload(scanner, event):
    def post(*scans):
        response = scanner.post(f"/api/v1/events/{event.slug}/checkin/upload/", {"scans": list(scans)}, format="json")
        assert response.status_code == 200 and response.json()["rejected"] == 0, response.content
        return response.json()

    return post


def at(hour, minute=0, day=1):
    return datetime.datetime(2023, 11, day, hour, minute, tzinfo=SHANGHAI)


def scan(badge, gate, when):
    return {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": nonce(), "scanned_at": when.isoformat()}


@pytest.fixture
def day_at_the_forum(event, zones, gate, exit_gate, upload):
    """At the test event (2023-11-01, Shanghai time): three guests, two gates, one exit."""
    validity = {"valid_from": at(0), "valid_until": at(0, day=4)}
    lounge_gate = make_checkpoint(event, [zones["lounge"]], name={"en": "Lounge door", "zh-hans": "贵宾室门"})
    aidos = make_badge(event, [zones["plenary"], zones["lounge"]], family_name="NURLANULY", given_name="Aidos", **validity)
    formula = make_badge(event, [zones["plenary"]], family_name="=HYPERLINK(\"http://x\")", given_name="",
                         native_name="@SUM(A1)", chinese_name="+王", **validity)
    absent = make_badge(event, [zones["plenary"]], family_name="ABSENT", **validity)
    upload(
        scan(aidos, gate, at(9, 5)), scan(formula, gate, at(9, 40)), scan(aidos, lounge_gate, at(10, 15)),
        scan(aidos, exit_gate, at(12, 0)), scan(aidos, gate, at(14, 30)),
        scan(absent, lounge_gate, at(9, 0)),  # zone denied: not an arrival
    )
    return {"aidos": aidos, "formula": formula, "absent": absent, "lounge_gate": lounge_gate}


def test_who_is_inside_each_zone_now(as_role, event, day_at_the_forum, django_assert_max_num_queries):
    client = as_role("protocol")
    with django_assert_max_num_queries(6):
        body = client.get(f"/api/v1/events/{event.slug}/checkin/attendance/inside/").json()
    by_zone = {z["zone"]["code"]: z for z in body["zones"]}
    aidos, formula = day_at_the_forum["aidos"].guest, day_at_the_forum["formula"].guest
    assert [g["id"] for g in by_zone["PLENARY"]["guests"]] == sorted([aidos.pk, formula.pk], key=lambda pk: (
        {aidos.pk: aidos.family_name, formula.pk: formula.family_name}[pk]))
    assert by_zone["PLENARY"]["count"] == 2
    assert [g["id"] for g in by_zone["LOUNGE"]["guests"]] == [aidos.pk]
    assert by_zone["PRESS"]["count"] == 0
    assert body["total_inside"] == 2
    entry = next(g for g in by_zone["PLENARY"]["guests"] if g["id"] == aidos.pk)
    assert entry["since"] == "2023-11-01T14:30:00+08:00" and entry["checkpoint"] == "North gate"
    assert entry["native_name"] == "Айдос Нұрланұлы" and "passport" not in str(body)


def test_inside_query_count_does_not_grow_with_guests(as_role, event, zones, gate, upload,
                                                      django_assert_max_num_queries):
    badges = [make_badge(event, [zones["plenary"]], valid_from=at(0), valid_until=at(0, day=4)) for _ in range(15)]
    upload(*(scan(b, gate, at(9, i)) for i, b in enumerate(badges)))
    client = as_role("manager")
    with django_assert_max_num_queries(6):
        body = client.get(f"/api/v1/events/{event.slug}/checkin/attendance/inside/").json()
    assert body["total_inside"] == 15


def test_entries_per_checkpoint_per_hour_in_event_time(as_role, event, gate, exit_gate, day_at_the_forum):
    body = as_role("protocol").get(f"/api/v1/events/{event.slug}/checkin/attendance/hourly/").json()
    rows = [(h["hour"], h["checkpoint"]["name"]["en"], h["entries"], h["exits"]) for h in body["hours"]]
    assert rows == [
        ("2023-11-01T09:00:00+08:00", "North gate", 2, 0),
        ("2023-11-01T10:00:00+08:00", "Lounge door", 1, 0),
        ("2023-11-01T12:00:00+08:00", "North exit", 0, 1),
        ("2023-11-01T14:00:00+08:00", "North gate", 1, 0),
    ]


def test_first_arrivals(as_role, event, day_at_the_forum, django_assert_max_num_queries):
    client = as_role("protocol")
    url = f"/api/v1/events/{event.slug}/checkin/attendance/arrivals/"
    with django_assert_max_num_queries(7):
        body = client.get(url).json()
    rows = [(r["name"], r["first_arrival"], r["checkpoint"] and r["checkpoint"]["en"]) for r in body["results"]]
    assert rows == [
        ("Aidos NURLANULY", "2023-11-01T09:05:00+08:00", "North gate"),
        ('=HYPERLINK("http://x")', "2023-11-01T09:40:00+08:00", "North gate"),
        ("Aidos ABSENT", None, None),
    ]
    assert [r["name"] for r in client.get(url, {"arrived": "false"}).json()["results"]] == ["Aidos ABSENT"]
    assert len(client.get(url, {"arrived": "true"}).json()["results"]) == 2
    assert client.get(url, {"arrived": "maybe"}).status_code == 400


def read_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel shows Chinese and Cyrillic
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_arrivals_csv_has_a_bom_every_script_and_no_formulas(as_role, event, day_at_the_forum):
    rows = read_csv(as_role("protocol").get(f"/api/v1/events/{event.slug}/checkin/attendance/arrivals.csv"))
    assert rows[0][:4] == ["guest_id", "name", "native_name", "chinese_name"]
    aidos = next(r for r in rows if r[1] == "Aidos NURLANULY")
    assert aidos[2] == "Айдос Нұрланұлы" and aidos[3] == "艾多斯·努尔兰内"
    assert aidos[8] == "2023-11-01T09:05:00+08:00" and aidos[9] == "北门 / North gate"
    formula = next(r for r in rows if "HYPERLINK" in r[1])
    assert formula[1] == "'=HYPERLINK(\"http://x\")" and formula[2] == "'@SUM(A1)" and formula[3] == "'+王"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_inside_and_hourly_csv(as_role, event, gate, day_at_the_forum):
    client = as_role("manager")
    inside = read_csv(client.get(f"/api/v1/events/{event.slug}/checkin/attendance/inside.csv"))
    assert inside[0][0] == "zone" and len(inside) == 1 + 3  # PLENARY ×2, LOUNGE ×1
    assert {(r[0], r[1]) for r in inside[1:]} == {("PLENARY", "全体会议厅 / Plenary hall"), ("LOUNGE", "贵宾室 / VIP lounge")}
    hourly = read_csv(client.get(f"/api/v1/events/{event.slug}/checkin/attendance/hourly.csv"))
    assert hourly[1] == ["2023-11-01T09:00:00+08:00", str(gate.pk), "北门 / North gate", "2", "0"]


@pytest.mark.parametrize("value, expected", [
    ("=1+2", "'=1+2"), ("+7 701", "'+7 701"), ("-3", "'-3"), ("@cmd", "'@cmd"), ("\t=x", "'\t=x"),
    ("＝1", "'＝1"), ("Aidos", "Aidos"), ("王=", "王="), (None, ""), (7, "7"), ("a\x00b", "ab"),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("path", ["inside/", "hourly/", "arrivals/", "inside.csv", "hourly.csv", "arrivals.csv"])
def test_attendance_needs_view_attendance(as_role, event, other_event, path):
    url = f"/api/v1/events/{event.slug}/checkin/attendance/{path}"
    assert as_role("checkin").get(url).status_code == 403
    assert as_role("viewer").get(url).status_code == 403
    assert as_role("protocol").get(url).status_code == 200
    assert as_role("owner", target=other_event).get(url).status_code == 404
