"""Factories for delegations-app objects (plain functions, like tests/factories.py)."""
import datetime
import itertools
import zoneinfo

from delegations.models import Delegation, Hotel, HotelStay, ItineraryItem, Staff, Vehicle
from tests import factories

_counter = itertools.count(1)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


def at(day, hour, minute=0, tz=SHANGHAI, month=11):
    return datetime.datetime(2023, month, day, hour, minute, tzinfo=tz)


def make_delegation(event, **kwargs):
    values = {"name": f"Delegation {next(_counter)}", "country": "KZ"}
    values.update(kwargs)
    return Delegation.objects.create(event=event, **values)


def make_member(delegation, **kwargs):
    guest = factories.make_guest(delegation.event, **kwargs)
    from delegations.domain import membership

    return membership.add_member(delegation, guest)


def make_staff(event, role=Staff.Role.LIAISON, **kwargs):
    values = {"full_name": f"Staff {next(_counter)}", "chinese_name": "陈静", "role": role, "phone": "+86 138 0000 0000"}
    values.update(kwargs)
    return Staff.objects.create(event=event, **values)


def make_vehicle(event, **kwargs):
    values = {"plate": f"闽D·{next(_counter):05d}", "capacity": 6}
    values.update(kwargs)
    return Vehicle.objects.create(event=event, **values)


def make_hotel(event, **kwargs):
    values = {"name": {"en": "Seaside Hotel", "zh-hans": "海景酒店"}, "address": "66 Huandao Road"}
    values.update(kwargs)
    return Hotel.objects.create(event=event, **values)


def make_stay(hotel, guest, **kwargs):
    values = {"room_number": "1201", "check_in": datetime.date(2023, 10, 31), "check_out": datetime.date(2023, 11, 3)}
    values.update(kwargs)
    return HotelStay.objects.create(hotel=hotel, guest=guest, **values)


def make_item(event, start=None, end=None, guests=(), **kwargs):
    start = start or at(1, 9)
    values = {
        "title": {"en": "Meeting", "zh-hans": "会见", "ru": "Встреча"},
        "start": start,
        "end": end or start + datetime.timedelta(hours=1),
        "start_timezone": "Asia/Shanghai",
        "end_timezone": "Asia/Shanghai",
        "status": ItineraryItem.Status.CONFIRMED,
        "kind": ItineraryItem.Kind.MEETING,
    }
    values.update(kwargs)
    item = ItineraryItem.objects.create(event=event, **values)
    if guests:
        item.guests.set(guests)
    return item
