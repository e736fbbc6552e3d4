"""The protocol office's day board: a day with 40 delegations (5 guests each) and 600 itinerary items,
120 staff, 40 cars; beside it a day of 10 delegations and 150 items, for the query count.

The day is planned as an office plans one (each delegation's items in sequence, a few clashes); a
third day with times, people and cars drawn at random (thousands of clashes) is measured too, without a goal.

Figures: the board's server render (Django's test client in this process, on SQLite unless DATABASE_URL
names another: the view, the conflict check, the template) with delegation, vehicle and staff lanes —
median wall time and median CPU time of this process, SQL queries; the dashboard; the run of show PDF.
Goals: the board renders in ≤ 300 ms (median CPU: the machine is shared, CPU time is what the render
costs), and its query count is the same for 10 and 40 delegations."""
import datetime
import os
import random
import sys
import zoneinfo

from bench.common import print_goals, setup_django, timed

DAY = datetime.date(2023, 11, 1)
GOAL_MS = 300


def _schedules(event, rng, n_items, venues, delegations, staff, vehicles):
    """A packed day as the office plans it: each delegation's items one after the other from 06:00
    (an arrival, then meetings, visits and meals with a transfer in its own car between them),
    accompanied by its liaison officer and interpreter; every fourth delegation's head is also booked
    into a bilateral that overlaps their programme (a clash to show)."""
    from delegations.models import ItineraryItem

    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    per_delegation = n_items // len(delegations)
    events = ["meeting", "bilateral", "site_visit", "banquet", "meeting", "other"]
    items = []
    for index, delegation in enumerate(delegations):
        moment = datetime.datetime(2023, 11, 1, 6, tzinfo=shanghai) + datetime.timedelta(minutes=5 * (index % 6))
        liaison, interpreter = staff[3 * index], staff[3 * index + 1]
        for number in range(per_delegation):
            if number == 0:
                kind, minutes = "arrival", 40
            elif number % 2:
                kind, minutes = "transfer", 20
            else:
                kind, minutes = events[number % len(events)], 40 + 5 * (number % 3)
            overlap = number == per_delegation - 1 and index % 4 == 0
            start = moment - datetime.timedelta(minutes=50) if overlap else moment
            items.append(ItineraryItem(
                event=event, title={"en": f"{kind.title()} {index}.{number}", "zh-hans": f"日程{index}.{number}"}, kind=kind,
                start=start, end=start + datetime.timedelta(minutes=minutes), start_timezone="Asia/Shanghai",
                end_timezone="Asia/Shanghai", status="tentative" if number % 7 == 3 else "confirmed",
                venue=venues[(index + number) % len(venues)] if kind != "transfer" else None, delegation=delegation,
                liaison_officer=liaison, interpreter=interpreter,
                vehicle=vehicles[index] if kind in ("transfer", "arrival") else None,
                flight_number=f"KC{800 + index}" if kind == "arrival" else "", terminal="T3" if kind == "arrival" else "",
            ))
            if not overlap:
                moment += datetime.timedelta(minutes=minutes + 10)
    return items


def _random_items(event, rng, n_items, venues, delegations, staff, vehicles):
    """Times drawn at random from 06:00 to 23:00, people and cars too: thousands of clashes."""
    from delegations.models import ItineraryItem

    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    kinds = [k for k, _ in ItineraryItem.Kind.choices if k != "programme_session"]
    items = []
    for i in range(n_items):
        start = datetime.datetime(2023, 11, 1, 6, tzinfo=shanghai) + datetime.timedelta(minutes=15 * rng.randrange(17 * 4 - 4))
        kind = rng.choice(kinds)
        items.append(ItineraryItem(
            event=event, title={"en": f"Item {i}", "zh-hans": f"日程{i}"}, kind=kind,
            start=start, end=start + datetime.timedelta(minutes=rng.choice([30, 45, 60, 90])),
            start_timezone="Asia/Shanghai", end_timezone="Asia/Shanghai",
            status=rng.choice(["confirmed"] * 6 + ["tentative", "cancelled"]),
            venue=rng.choice(venues), delegation=rng.choice(delegations) if i % 3 else None,
            liaison_officer=rng.choice(staff[0::3]), interpreter=rng.choice(staff[1::3]),
            vehicle=rng.choice(vehicles) if i % 2 else None,
            flight_number=f"KC{800 + i % 100}" if kind in ("arrival", "departure") else "", terminal="T3",
        ))
    return items


def build(slug, n_delegations, n_items, seed=11, stress=False):
    from delegations.models import Delegation, ItineraryItem, Staff, Vehicle
    from events.models import Event, Guest, ProgrammeSession, Venue

    rng = random.Random(seed)
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    event = Event.objects.create(slug=slug, name={"en": "Bench forum", "zh-hans": "基准论坛"},
                                 start_date=DAY - datetime.timedelta(days=1), end_date=DAY + datetime.timedelta(days=2))
    venues = [Venue.objects.create(event=event, name={"en": f"Hall {i}", "zh-hans": f"会场{i}"}) for i in range(6)]
    countries = ["KZ", "KG", "TJ", "TM", "UZ", "RU", "CN", "MN", "AZ", "GE", "AM", "BY", "PK", "IN", "IR", "TR"]
    delegations = Delegation.objects.bulk_create([
        Delegation(event=event, name=f"Delegation {i}", country=countries[i % len(countries)], quota=6)
        for i in range(n_delegations)])
    Guest.objects.bulk_create([
        Guest(event=event, delegation=d, country=d.country, family_name=f"ИВАНОВ{m}", given_name="Иван", chinese_name="伊万",
              native_name="Иван Иванов", passport_number="", search_text="")
        for d in delegations for m in range(5)])
    guests = list(Guest.objects.filter(event=event))
    roles = [Staff.Role.LIAISON, Staff.Role.INTERPRETER, Staff.Role.DRIVER]
    # Per delegation a liaison officer, an interpreter and a driver (staff 3i, 3i+1, 3i+2) with its car.
    staff = Staff.objects.bulk_create([Staff(event=event, full_name=f"Staff {i}", role=roles[i % 3])
                                       for i in range(3 * n_delegations)])
    vehicles = Vehicle.objects.bulk_create([
        Vehicle(event=event, plate=f"闽D·{i:05d}", capacity=rng.choice([3, 6, 33]) if stress else 8,
                driver=staff[3 * i + 2]) for i in range(n_delegations)])
    for index, d in enumerate(delegations):
        d.liaison_officer = staff[3 * index]
    Delegation.objects.bulk_update(delegations, ["liaison_officer"])
    sessions = [ProgrammeSession.objects.create(
        event=event, title={"en": f"Session {i}", "zh-hans": f"会议{i}"}, venue=venues[i],
        start=datetime.datetime(2023, 11, 1, 9 + 2 * i, tzinfo=shanghai),
        end=datetime.datetime(2023, 11, 1, 10 + 2 * i, tzinfo=shanghai)) for i in range(6)]
    for d in delegations if stress else ():
        d.sessions.set(sessions)
    items = _random_items(event, rng, n_items, venues, delegations, staff, vehicles) if stress else _schedules(
        event, rng, n_items, venues, delegations, staff, vehicles)
    ItineraryItem.objects.bulk_create(items)
    if not stress:
        return event
    through = ItineraryItem.guests.through
    through.objects.bulk_create([
        through(itineraryitem_id=item.pk, guest_id=guest.pk)
        for item in ItineraryItem.objects.filter(event=event, delegation__isnull=True).only("pk")
        for guest in rng.sample(guests, 2)], ignore_conflicts=True)
    return event


def measure(client, url, repeat):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the log keeps 9 000 queries: a full log would count none
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries)  # now: the captured list is read from the connection's log, which each request clears
    assert response.status_code == 200, (url, response.status_code)
    wall, worst, cpu = timed(lambda: client.get(url), repeat=repeat)
    return wall, worst, cpu, count, response


def main():
    setup_django()
    from django.contrib.auth.models import User
    from django.test import Client

    from delegations.models import ItineraryItem

    big = build(f"bench-office-{os.getpid()}", 40, 600)
    small = build(f"bench-office-small-{os.getpid()}", 10, 150, seed=12)
    user = User.objects.create_superuser(f"bench-office-{os.getpid()}", "", "x")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    day = DAY.isoformat()
    shown = ItineraryItem.objects.filter(event=big).count()
    print(f"built: 40 delegations, {shown} items on {day}; beside it 10 delegations, 150 items")

    figures, counts = {}, {}
    for lanes in ("delegations", "vehicles", "staff"):
        for event in (small, big):
            url = f"/office/{event.slug}/day/{day}/?lanes={lanes}"
            wall, worst, cpu, queries, response = measure(client, url, repeat=10 if event is big else 3)
            counts[(lanes, event.pk)] = queries
            if event is big:
                figures[lanes] = cpu
                blocks = response.content.count(b'class="block ')
                clashes = response.content.count(b"data-clash=")
                print(f"board, {lanes:11} lanes: {wall:6.0f} ms median wall ({worst:.0f} worst), {cpu:6.0f} ms median CPU, "
                      f"{queries} SQL queries ({counts.get((lanes, small.pk), '?')} at 10 delegations), {blocks} blocks, "
                      f"{clashes} clashes, {len(response.content) // 1024} KiB")
    wall, worst, cpu, queries, _ = measure(client, f"/office/{big.slug}/", repeat=5)
    print(f"dashboard: {wall:.0f} ms median wall, {cpu:.0f} ms median CPU, {queries} SQL queries")
    wall, worst, cpu, queries, response = measure(client, f"/office/{big.slug}/day/{day}/run-of-show.pdf", repeat=3)
    print(f"run of show PDF: {wall:.0f} ms median wall, {cpu:.0f} ms median CPU, {queries} SQL queries, "
          f"{len(response.content) // 1024} KiB")
    stress = build(f"bench-office-stress-{os.getpid()}", 40, 600, stress=True)
    wall, worst, cpu, queries, response = measure(client, f"/office/{stress.slug}/day/{day}/", repeat=3)
    print(f"stress (times, people and cars at random, {response.content.count(b'data-clash=')} clashes listed): "
          f"{wall:.0f} ms median wall, {cpu:.0f} ms median CPU, {queries} SQL queries, {len(response.content) // 1024} KiB")
    print_goals([
        (f"board with 40 delegations and 600 items renders in ≤ {GOAL_MS} ms (median CPU: "
         + ", ".join(f"{lanes} {ms:.0f} ms" for lanes, ms in figures.items()) + ")",
         all(ms <= GOAL_MS for ms in figures.values())),
        ("query count the same for 10 and 40 delegations (" + ", ".join(
            f"{lanes} {counts[(lanes, small.pk)]}/{counts[(lanes, big.pk)]}" for lanes in figures) + ")",
         all(counts[(lanes, small.pk)] == counts[(lanes, big.pk)] for lanes in figures)),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
