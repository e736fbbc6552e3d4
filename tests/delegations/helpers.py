"""Short forms of the delegations-app factories in tests/factories.py, as the test modules call them."""
import datetime
import zoneinfo

from tests import factories

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


def at(day, hour, minute=0, tz=SHANGHAI, month=11):
    return datetime.datetime(2023, month, day, hour, minute, tzinfo=tz)


def make_delegation(event, **kwargs):
    return factories.DelegationFactory(event=event, **kwargs)


def make_member(delegation, **kwargs):
    """A new guest added to the delegation by delegations.domain.membership (returns what it returns)."""
    from delegations.domain import membership

    return membership.add_member(delegation, factories.GuestFactory(event=delegation.event, **kwargs))


def make_staff(event, role=None, **kwargs):
    if role:
        kwargs["role"] = role
    return factories.StaffFactory(event=event, **kwargs)


def make_vehicle(event, **kwargs):
    return factories.VehicleFactory(event=event, **kwargs)


def make_hotel(event, **kwargs):
    return factories.HotelFactory(event=event, **kwargs)


def make_stay(hotel, guest, **kwargs):
    return factories.HotelStayFactory(hotel=hotel, guest=guest, **kwargs)


def make_item(event, start=None, end=None, guests=(), **kwargs):
    """A confirmed meeting from `start` (default: 1 November, 09:00 in Shanghai), an hour long unless `end`."""
    times = {key: value for key, value in (("start", start), ("end", end)) if value}
    return factories.ItineraryItemFactory(event=event, guests=list(guests), **times, **kwargs)
