"""The day board as the server renders it: lanes in protocol order, blocks where the times put them,
the clash the conflict check finds, cancelled and tentative items, the vehicle and staff lanes, the
arrivals and departures board."""
import pytest

from tests import factories
from tests.office.conftest import board_url
from tests.office.html import elements, one

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(event, day_world, office_as):
    response = office_as("protocol").get(board_url(event))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    return response.content.decode()


def test_lanes_follow_the_protocol_order(event, day_world, page, office_as):
    # English order by country name: Kazakhstan before Kyrgyzstan; a manual position overrides it.
    kz, kg = (d["delegation"] for d in day_world["delegations"])
    lanes = [lane["data-lane"] for lane in elements(page, class_="lane", data_lane=True)]
    assert lanes == [f"delegation-{kz.pk}", f"delegation-{kg.pk}"]
    lane = one(page, id=f"lane-delegation-{kz.pk}")
    assert [e.text for e in _inside(lane) if e.tag in ("span", "small")][:2] == ["Delegation KZ 0", "Kazakhstan"]
    kg.precedence_override = 1
    kg.save()
    page = office_as("viewer").get(board_url(event)).content.decode()
    lanes = [lane["data-lane"] for lane in elements(page, class_="lane", data_lane=True)]
    assert lanes == [f"delegation-{kg.pk}", f"delegation-{kz.pk}"]


def test_blocks_are_placed_by_their_times(event, day_world, page):
    # The window runs from 06:00 to 24:00: 18 hours, so one hour is 100/18 % of the track.
    hour = 100 / 18
    first = day_world["delegations"][0]
    meeting = one(page, class_="block", data_entry=f"item-{first['meeting'].pk}")
    assert float(meeting["data-left"]) == pytest.approx(5 * hour, abs=0.01)  # 11:00
    assert float(meeting["data-width"]) == pytest.approx(hour, abs=0.01)  # one hour
    assert "left:27.778%;width:5.556%" in meeting["style"]
    assert meeting["data-start"] == "11:00" and meeting["data-end"] == "12:00"
    assert meeting["href"] == f"/admin/delegations/itineraryitem/{first['meeting'].pk}/change/"
    arrival = one(page, class_="block", data_entry=f"item-{first['arrival'].pk}")
    assert float(arrival["data-left"]) == pytest.approx(1 * hour, abs=0.01)  # 07:00 in Shanghai
    assert "kind-arrival" in arrival.classes
    # The session both delegations attend shows in both lanes; its link opens the session.
    sessions = elements(page, class_="block", data_entry=f"session-{day_world['session'].pk}")
    assert len(sessions) == 2
    assert float(sessions[0]["data-left"]) == pytest.approx(3.5 * hour, abs=0.01)
    assert sessions[0]["href"] == f"/admin/events/programmesession/{day_world['session'].pk}/change/"


def test_the_clash_is_outlined_with_its_reason(event, day_world, page):
    first = day_world["delegations"][0]
    clashing = [b for b in elements(page, class_="block") if "clash" in b.classes]
    assert sorted(b["data-entry"] for b in clashing) == sorted(
        [f"item-{first['meeting'].pk}", f"item-{day_world['bilateral'].pk}"])
    bilateral = one(page, class_="block", data_entry=f"item-{day_world['bilateral'].pk}")
    assert "Double booking: Kassym TOKAYEV is booked into" in bilateral["title"]
    # Overlapping blocks of one lane go on separate rows.
    meeting = one(page, class_="block", data_entry=f"item-{first['meeting'].pk}")
    assert {meeting["data-row"], bilateral["data-row"]} == {"0", "1"}
    assert one(page, id=f"lane-delegation-{first['delegation'].pk}")["data-rows"] == "2"
    (note,) = elements(page, data_clash="1")
    assert note["data-code"] == "overlap"
    assert set(note["data-entries"].split()) == {f"item-{first['meeting'].pk}", f"item-{day_world['bilateral'].pk}"}
    assert one(page, id="clash-count").text == "1"


def test_cancelled_and_tentative_items(event, day_world, page):
    cancelled = one(page, class_="block", data_entry=f"item-{day_world['cancelled'].pk}")
    tentative = one(page, class_="block", data_entry=f"item-{day_world['tentative'].pk}")
    assert "status-cancelled" in cancelled.classes and "(cancelled)" in cancelled["title"]
    assert "status-tentative" in tentative.classes and "(tentative)" in tentative["title"]


def test_arrivals_and_departures_board(event, day_world, page):
    first = day_world["delegations"][0]
    row = one(page, data_direction="arrival", data_entry=f"item-{first['arrival'].pk}")
    cells = [cell.text for cell in row.children]
    # kind, flight, local time, from, terminal, delegation, guests, greeter, car (the next transfer's)
    assert cells == ["Arrival", "KC800", "07:30", "Almaty 05:00", "T3", "Delegation KZ 0", "",
                     "Liaison 0 联络员0", "闽D·00000 · Buick GL8"]


def test_vehicle_and_staff_lanes(event, day_world, office_as):
    client = office_as("protocol")
    page = client.get(board_url(event, lanes="vehicles")).content.decode()
    first = day_world["delegations"][0]
    lane = one(page, id=f"lane-vehicle-{first['car'].pk}")
    assert [b["data-entry"] for b in _inside(lane) if "block" in b.classes] == [f"item-{first['transfer'].pk}"]
    assert one(page, id="lanes-vehicles").get("aria-current") == "true"
    page = client.get(board_url(event, lanes="staff")).content.decode()
    lane = one(page, id=f"lane-staff-{first['liaison'].pk}")
    assert [b["data-entry"] for b in _inside(lane) if "block" in b.classes] == [f"item-{first['arrival'].pk}"]
    # The driver of a car drives its transfers when the item names no other driver.
    driver_lane = one(page, id=f"lane-staff-{first['car'].driver_id}")
    assert [b["data-entry"] for b in _inside(driver_lane) if "block" in b.classes] == [f"item-{first['transfer'].pk}"]


def _inside(element):
    for child in element.children:
        yield child
        yield from _inside(child)


def test_default_day_is_the_first_day_of_an_event_not_on_today(event, office_as):
    response = office_as("viewer").get(f"/office/{event.slug}/day/")
    assert response.status_code == 302
    assert response["Location"] == f"/office/{event.slug}/day/2023-10-31/"


def test_now_line_on_today(office_as):
    import datetime

    from django.utils import timezone

    today = timezone.now().astimezone(factories.SHANGHAI_ZONE).date()
    event = factories.make_event(start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=1))
    client = office_as("viewer", event)
    response = client.get(f"/office/{event.slug}/day/")
    assert response["Location"] == f"/office/{event.slug}/day/{today.isoformat()}/"
    page = client.get(response["Location"]).content.decode()
    now = timezone.now().astimezone(factories.SHANGHAI_ZONE)
    minutes = now.hour * 60 + now.minute
    if minutes < 6 * 60:  # before the board's window (06:00–24:00 on an empty day): no line
        assert elements(page, id="now-line") == []
    else:
        line = one(page, id="now-line")
        assert float(line["data-left"]) == pytest.approx((minutes - 360) / (18 * 60) * 100, abs=0.2)


def test_the_pages_speak_chinese_and_switch_to_english(event, day_world):
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(factories.make_member(event, "protocol"))
    page = client.get(board_url(event)).content.decode()
    assert '<html lang="zh-Hans">' in page
    for words in ("日程看板", "代表团", "车辆", "工作人员", "抵离信息", "时间冲突", "哈萨克斯坦", "打印活动流程（PDF）"):
        assert words in page, words
    assert "测试论坛" in client.get(f"/office/{event.slug}/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": board_url(event)})
    assert response.status_code == 302 and response["Location"] == board_url(event)
    page = client.get(board_url(event)).content.decode()
    assert '<html lang="en">' in page and "Arrivals and departures" in page and "Double booking" in page
