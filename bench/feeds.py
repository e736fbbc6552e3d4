"""Calendar feed of 2 000 itinerary items: cold generation, generation after one item changed,
and the 304 answer at the server (through Django's test Client).

Goals on this machine: cold ≤ 1 s, after one change ≤ 150 ms, 304 ≤ 5 ms."""
import datetime
import statistics
import time

from bench.common import setup_django

ITEMS = 2000
ZONES = ["Asia/Shanghai", "Asia/Almaty", "Europe/Moscow", "Europe/Berlin"]


def timed(call, repeat=10, before=None):
    """Median and worst wall time, and median CPU time of this process, in ms. The machine is
    shared: the CPU time shows what the work costs when a core is free (SQLite runs in-process;
    PostgreSQL's own work is not in it)."""
    wall, cpu = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), max(wall), statistics.median(cpu)


def report(label, figures, goal=None, digits=1):
    median, worst, cpu = figures
    goal_text = f"  (goal ≤ {goal} ms)" if goal else ""
    print(f"{label:40s}: median {median:8.{digits}f} ms, max {worst:8.{digits}f} ms, cpu {cpu:8.{digits}f} ms{goal_text}")


def build_world():
    from delegations.models import Delegation, ItineraryItem, Staff, Vehicle
    from feeds.domain.tokens import create_feed, secret_of
    from tests import factories

    event = factories.make_event(slug=f"bench-feeds-{int(time.time())}")
    venues = [
        factories.make_venue(event, name={"en": f"Venue {zone}", "zh-hans": f"会场 {zone}", "ru": f"Площадка {zone}"}, timezone=zone)
        for zone in ZONES
    ]
    delegation = Delegation.objects.create(event=event, name="Delegation of Kazakhstan", country="KZ", language="ru")
    liaison = Staff.objects.create(event=event, full_name="Wang Fang", chinese_name="王芳", role="liaison", phone="+86 138 0000 0001")
    driver = Staff.objects.create(event=event, full_name="Li Wei", chinese_name="李伟", role="driver", phone="+86 139 0000 0002")
    car = Vehicle.objects.create(event=event, plate="闽D·12345", capacity=6, description="Hongqi H9", driver=driver)
    start = datetime.datetime(2023, 10, 1, 8, 0, tzinfo=datetime.timezone.utc)
    items = []
    for i in range(ITEMS):
        zone = ZONES[i % len(ZONES)]
        begin = start + datetime.timedelta(hours=3 * i)
        items.append(ItineraryItem(
            event=event, delegation=delegation, kind="meeting",
            title={"en": f"Meeting {i}, hall {i % 7}", "zh-hans": f"会见 {i}", "ru": f"Встреча {i}"},
            description={"en": "Talks on trade; bring the memorandum.", "ru": "Переговоры о торговле."},
            start=begin, end=begin + datetime.timedelta(hours=1), start_timezone=zone, end_timezone=zone,
            venue=venues[i % len(venues)] if i % 3 else None, location_text="Hotel lobby" if not i % 3 else "",
            liaison_officer=liaison, vehicle=car if i % 2 else None, flight_number="KC891" if not i % 10 else "",
            terminal="T3" if not i % 10 else "", status="cancelled" if not i % 50 else "confirmed",
        ))
    ItineraryItem.objects.bulk_create(items, batch_size=500)
    feed = create_feed(event=event, scope="delegation", language="ru", target=delegation)
    return feed, secret_of(feed)


def main():
    setup_django()
    from django.db import connection
    from django.test import Client

    from delegations.models import ItineraryItem
    from feeds.domain.builder import entry_cache
    from feeds.domain.feeds import render_feed
    from feeds.interfaces.ical import vtimezone_block
    from feeds.models import FeedToken

    feed, secret = build_world()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would soon after a bulk load

    def fresh_feed():
        return FeedToken.objects.select_related("event", "delegation").get(pk=feed.pk)

    def clear_caches():
        entry_cache().clear()
        vtimezone_block.cache_clear()

    body = render_feed(fresh_feed())
    print(f"feed of {ITEMS} items in {len(ZONES)} time zones: {len(body) / 1024:.0f} KiB, "
          f"{body.count(b'BEGIN:VEVENT')} VEVENTs, {body.count(b'BEGIN:VTIMEZONE')} VTIMEZONEs")

    report("cold generation (empty caches)", timed(lambda: render_feed(fresh_feed()), repeat=5, before=clear_caches), 1000)

    ids = list(ItineraryItem.objects.filter(event=feed.event).values_list("pk", flat=True))
    counter = iter(range(10**6))

    def change_one_item():
        item = ItineraryItem.objects.get(pk=ids[next(counter) * 37 % len(ids)])
        item.start += datetime.timedelta(minutes=5)
        item.end += datetime.timedelta(minutes=5)
        item.save()

    render_feed(fresh_feed())
    report("generation after one item changed", timed(lambda: render_feed(fresh_feed()), repeat=10, before=change_one_item), 150)
    report("generation, nothing changed", timed(lambda: render_feed(fresh_feed()), repeat=10))

    client = Client()
    url = f"/ical/{secret}.ics"
    first = client.get(url)
    assert first.status_code == 200
    etag, last_modified = first["ETag"], first["Last-Modified"]

    def not_modified():
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304, response.status_code

    def not_modified_since():
        response = client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified)
        assert response.status_code == 304, response.status_code

    report("304 (If-None-Match), test Client", timed(not_modified, repeat=200), 5, digits=2)
    report("304 (If-Modified-Since), test Client", timed(not_modified_since, repeat=200), digits=2)
    report("200, whole feed, warm cache, test Client", timed(lambda: client.get(url), repeat=10))


if __name__ == "__main__":
    main()
