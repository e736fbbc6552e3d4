import datetime

import pytest
from django.test import Client

from delegations.models import ItineraryItem, Staff
from tests import factories
from tests.factories import SHANGHAI_ZONE

DAY = datetime.date(2023, 11, 1)
COUNTRIES = ["KZ", "KG", "TJ", "TM", "UZ", "RU", "MN", "AZ", "GE", "AM"]
HEADS = [  # family name, given name, native name, Chinese name
    ("TOKAYEV", "Kassym", "Қасым-Жомарт Тоқаев", "托卡耶夫"),
    ("ZHAPAROV", "Sadyr", "Садыр Жапаров", "扎帕罗夫"),
    ("RAHMON", "Emomali", "Эмомалӣ Раҳмон", "拉赫蒙"),
]


def at(hour, minute=0, day=DAY):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=SHANGHAI_ZONE)


def item(event, title, start, end, **values):
    title = {"en": title, "zh-hans": values.pop("zh", title)}
    return factories.ItineraryItemFactory(event=event, title=title, start=start, end=end, **values)


def build_day(event, delegations=2):
    """`delegations` delegations on 1 November, each with a head, a liaison officer, a car, an arrival,
    a transfer and a meeting; the first head also has a bilateral that overlaps the meeting (the clash),
    and there is a cancelled and a tentative item. Returns what the tests look up."""
    made = []
    session = factories.make_session(event, title={"en": "Opening ceremony", "zh-hans": "开幕式"},
                                     start=at(9, 30), end=at(10, 30))
    for index in range(delegations):
        country = COUNTRIES[index % len(COUNTRIES)]
        family, given, native, chinese = HEADS[index] if index < len(HEADS) else (f"HEAD{index}", "Ivan", f"Иван {index}", f"伊万{index}")
        delegation = factories.DelegationFactory(event=event, name=f"Delegation {country} {index}", country=country, quota=3)
        head = factories.make_guest(event, delegation=delegation, family_name=family, given_name=given,
                                    native_name=native, chinese_name=chinese, country=country)
        liaison = factories.StaffFactory(event=event, full_name=f"Liaison {index}", chinese_name=f"联络员{index}")
        driver = factories.StaffFactory(event=event, full_name=f"Driver {index}", chinese_name=f"司机{index}", role=Staff.Role.DRIVER)
        car = factories.VehicleFactory(event=event, plate=f"闽D·{index:05d}", capacity=6, driver=driver, description="Buick GL8")
        delegation.liaison_officer = liaison
        delegation.head = head
        delegation.save()
        delegation.sessions.add(session)
        arrival = item(event, f"Arrival {index}", at(7, 0), at(7, 30), kind=ItineraryItem.Kind.ARRIVAL,
                       delegation=delegation, flight_number=f"KC{800 + index}", terminal="T3", start_timezone="Asia/Almaty",
                       liaison_officer=liaison)
        transfer = item(event, f"Transfer {index}", at(8, 10), at(8, 50), kind=ItineraryItem.Kind.TRANSFER,
                        delegation=delegation, vehicle=car, location_text="Hotel")
        meeting = item(event, f"Meeting {index}", at(11, 0), at(12, 0), kind=ItineraryItem.Kind.MEETING,
                       delegation=delegation, location_text="Hall A")
        made.append({"delegation": delegation, "head": head, "arrival": arrival, "transfer": transfer,
                     "meeting": meeting, "car": car, "liaison": liaison})
    first = made[0]
    bilateral = item(event, "Bilateral with the Vice Minister", at(11, 30), at(12, 15), zh="与副部长双边会见",
                     kind=ItineraryItem.Kind.BILATERAL, guests=[first["head"]], location_text="Villa 5")
    cancelled = item(event, "Tea with the Vice Mayor", at(17, 0), at(17, 30), kind=ItineraryItem.Kind.MEETING,
                     delegation=first["delegation"], status=ItineraryItem.Status.CANCELLED)
    tentative = item(event, "Free time", at(18, 0), at(19, 0), kind=ItineraryItem.Kind.FREE_TIME,
                     delegation=first["delegation"], status=ItineraryItem.Status.TENTATIVE)
    return {"delegations": made, "session": session, "bilateral": bilateral, "cancelled": cancelled,
            "tentative": tentative}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def day_world(event):
    return build_day(event, 2)


@pytest.fixture
def office_as(event):
    """office_as("protocol") → a logged-in Django test client of a fresh member with that role."""

    def build(role, target=None):
        return client_for(factories.make_member(target or event, role))

    return build


def board_url(event, day=DAY, lanes=None):
    return f"/office/{event.slug}/day/{day.isoformat()}/" + (f"?lanes={lanes}" if lanes else "")
