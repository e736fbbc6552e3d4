"""Itineraries: an event with 1 000 guests in 100 delegations, 3 000 itinerary items over 4 days
(times drawn at random, so there are many clashes), 150 staff and 100 vehicles.

Figures: merged itinerary of one guest (ms, SQL queries); the whole event's conflict check (ms,
queries, clashes found); the check for one item that runs on every save (ms); the itinerary
booklet of one delegation (ms, bytes, pages).
"""
import datetime
import os
import random
import statistics
import sys
import time
import zoneinfo

from bench.common import setup_django

N_DELEGATIONS, MEMBERS, N_ITEMS, N_STAFF, N_VEHICLES = 100, 10, 3000, 150, 100


def build():
    from delegations.models import Delegation, ItineraryItem, Staff, Vehicle
    from events.models import Event, Guest, ProgrammeSession, Venue

    rng = random.Random(7)
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    event = Event.objects.create(slug=f"bench-itinerary-{os.getpid()}", name={"en": "Bench forum", "zh-hans": "基准论坛"},
                                 start_date=datetime.date(2023, 10, 31), end_date=datetime.date(2023, 11, 3))
    venues = [Venue.objects.create(event=event, name={"en": f"Venue {i}", "zh-hans": f"场馆{i}"}) for i in range(8)]
    countries = ["KZ", "KG", "TJ", "TM", "UZ", "RU", "CN", "MN", "AZ", "GE"]
    delegations = [Delegation.objects.create(event=event, name=f"Delegation {i}", country=countries[i % 10], language="ru")
                   for i in range(N_DELEGATIONS)]
    guests = []
    for d in delegations:
        for m in range(MEMBERS):
            guests.append(Guest(event=event, delegation=d, country=d.country, family_name=f"ИВАНОВ{m}", given_name="Иван",
                                chinese_name="伊万", native_name="Иван Иванов", passport_number="", search_text="",
                                arrival_time=datetime.datetime(2023, 10, 31, 12, tzinfo=shanghai)))
    Guest.objects.bulk_create(guests)
    guests = list(Guest.objects.filter(event=event))
    for d in delegations:
        d.head = next(g for g in guests if g.delegation_id == d.pk)
        d.save(update_fields=["head"])
    roles = [Staff.Role.LIAISON, Staff.Role.INTERPRETER, Staff.Role.DRIVER]
    staff = Staff.objects.bulk_create([Staff(event=event, full_name=f"Staff {i}", role=roles[i % 3]) for i in range(N_STAFF)])
    drivers = [s for s in staff if s.role == Staff.Role.DRIVER]
    vehicles = Vehicle.objects.bulk_create([Vehicle(event=event, plate=f"闽D·{i:05d}", capacity=rng.choice([3, 6, 33]),
                                                    driver=drivers[i % len(drivers)]) for i in range(N_VEHICLES)])
    sessions = [ProgrammeSession.objects.create(event=event, title={"en": f"Session {i}"}, venue=venues[i % 8],
                                                start=datetime.datetime(2023, 11, 1 + i % 3, 9 + i % 8, tzinfo=shanghai),
                                                end=datetime.datetime(2023, 11, 1 + i % 3, 10 + i % 8, tzinfo=shanghai))
                for i in range(12)]
    for d in delegations:
        d.sessions.set(rng.sample(sessions, 6))
    items = []
    for i in range(N_ITEMS):
        start = datetime.datetime(2023, 10, 31, 7, tzinfo=shanghai) + datetime.timedelta(minutes=15 * rng.randrange(4 * 24 * 4 - 8))
        items.append(ItineraryItem(
            event=event, title={"en": f"Item {i}", "zh-hans": f"日程{i}", "ru": f"Пункт {i}"}, kind="meeting",
            start=start, end=start + datetime.timedelta(minutes=rng.choice([30, 45, 60, 90])),
            start_timezone="Asia/Shanghai", end_timezone="Asia/Shanghai", status="confirmed",
            venue=rng.choice(venues), delegation=rng.choice(delegations) if i % 3 == 0 else None,
            liaison_officer=rng.choice(staff[0::3]), interpreter=rng.choice(staff[1::3]),
            vehicle=rng.choice(vehicles) if i % 2 else None,
        ))
    ItineraryItem.objects.bulk_create(items)
    through = ItineraryItem.guests.through
    links = []
    for item in ItineraryItem.objects.filter(event=event, delegation__isnull=True).only("pk"):
        for guest in rng.sample(guests, 3):
            links.append(through(itineraryitem_id=item.pk, guest_id=guest.pk))
    through.objects.bulk_create(links, ignore_conflicts=True)
    return event, guests, delegations


def timed(function, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = function()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries), result


def main():
    setup_django()
    from delegations.domain.conflicts import event_conflicts
    from delegations.domain.itineraries import guest_itinerary
    from delegations.interfaces.booklet import render_booklet
    from events.models import Guest

    started = time.perf_counter()
    event, guests, delegations = build()
    print(f"built {len(guests)} guests, {N_ITEMS} items in {time.perf_counter() - started:.1f} s")

    guest = Guest.objects.get(pk=guests[0].pk)
    ms, queries, entries = timed(lambda: guest_itinerary(guest), 20)
    print(f"guest itinerary: {len(entries)} entries, {ms:.1f} ms median, {queries} SQL queries")
    ms, queries, clashes = timed(lambda: event_conflicts(event), 3)
    print(f"event conflicts: {N_ITEMS} items, {len(clashes)} clashes, {ms:.0f} ms median, {queries} SQL queries")
    from delegations.models import ItineraryItem

    sample = list(ItineraryItem.objects.filter(event=event).order_by("?")[:20])
    times = []
    for item in sample:
        started = time.perf_counter()
        event_conflicts(event, item=item)
        times.append((time.perf_counter() - started) * 1000)
    print(f"conflicts of one item (on save): {statistics.median(times):.0f} ms median, {max(times):.0f} ms max")
    delegation = delegations[0]
    ms, queries, pdf = timed(lambda: render_booklet(delegation), 3)
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(pdf))
    print(f"booklet: {ms:.0f} ms median, {len(pdf) / 1024:.0f} KiB, {pages} pages, {queries} SQL queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
