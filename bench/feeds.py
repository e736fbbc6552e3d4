"""Calendar feeds over HTTP: gunicorn + PostgreSQL + Redis (the "feeds" cache), a delegation's
feed of 2 000 and of 20 000 itinerary items, and the empty authenticated DRF endpoint as the
yardstick, all in the same run (bench/http.py starts and stops everything; the database is
liaison_pfeeds_bench on the server of DATABASE_URL or 127.0.0.1:5432, the cache Redis db 9).

Clients send Accept-Encoding: gzip, as Google, Outlook and Apple do; the plain answers are shown
too. Goals, judged on the server's CPU time per request (gunicorn and its PostgreSQL backends) (same server, same run: on a machine shared
with other work, latency measures the queue more than the request; p50 latency is printed beside):
- an unchanged feed fetched without validators ≤ 2 × its 304, at 2 000 and at 20 000 items;
- the 304 at 20 000 items ≤ 1.3 × the 304 at 2 000;
- absolute: cold generation ≤ 1 s and generation after one item changed ≤ 150 ms (in-process,
  2 000 items), 304 ≤ 5 ms.
BENCH_FEEDS_CLIENTS, _SECONDS, _WORKERS, _DB and BENCH_FEEDS_CACHE_URL change the run."""
import datetime
import os
import time

from bench import http
from bench.common import timed

BENCH_DB = os.environ.get("BENCH_FEEDS_DB", "liaison_pfeeds_bench")
SIZES = (2000, 20000)
ZONES = ["Asia/Shanghai", "Asia/Almaty", "Europe/Moscow", "Europe/Berlin"]
CLIENTS = int(os.environ.get("BENCH_FEEDS_CLIENTS", "4"))
SECONDS = float(os.environ.get("BENCH_FEEDS_SECONDS", "6"))
WORKERS = int(os.environ.get("BENCH_FEEDS_WORKERS", http.Server.workers))
CACHE_URL = os.environ.get("BENCH_FEEDS_CACHE_URL", "redis://127.0.0.1:6379/9")
GZIP = {"Accept-Encoding": "gzip, deflate, br"}
GOAL_UNCHANGED_RATIO, GOAL_SIZE_RATIO = 2.0, 1.3
GOAL_COLD_MS, GOAL_ONE_CHANGE_MS, GOAL_304_MS = 1000, 150, 5


def _median_and_cpu(figures):
    median, _worst, cpu = figures
    return median, cpu


def seed_event(items: int):
    """An event whose delegation has `items` itinerary items in four zones; its feed (ru)."""
    from delegations.models import Delegation, ItineraryItem, Staff, Vehicle
    from feeds.domain.tokens import create_feed
    from tests import factories

    event = factories.make_event(slug=f"bench-feeds-{items}")
    venues = [
        factories.make_venue(event, name={"en": f"Venue {zone}", "zh-hans": f"会场 {zone}", "ru": f"Площадка {zone}"}, timezone=zone)
        for zone in ZONES
    ]
    delegation = Delegation.objects.create(event=event, name="Delegation of Kazakhstan", country="KZ", language="ru")
    liaison = Staff.objects.create(event=event, full_name="Wang Fang", chinese_name="王芳", role="liaison", phone="+86 138 0000 0001")
    driver = Staff.objects.create(event=event, full_name="Li Wei", chinese_name="李伟", role="driver", phone="+86 139 0000 0002")
    car = Vehicle.objects.create(event=event, plate="闽D·12345", capacity=6, description="Hongqi H9", driver=driver)
    start = datetime.datetime(2023, 10, 1, 8, 0, tzinfo=datetime.timezone.utc)
    rows = []
    for i in range(items):
        zone = ZONES[i % len(ZONES)]
        begin = start + datetime.timedelta(hours=3 * i)
        rows.append(ItineraryItem(
            event=event, delegation=delegation, kind="meeting",
            title={"en": f"Meeting {i}, hall {i % 7}", "zh-hans": f"会见 {i}", "ru": f"Встреча {i}"},
            description={"en": "Talks on trade; bring the memorandum.", "ru": "Переговоры о торговле."},
            start=begin, end=begin + datetime.timedelta(hours=1), start_timezone=zone, end_timezone=zone,
            venue=venues[i % len(venues)] if i % 3 else None, location_text="Hotel lobby" if not i % 3 else "",
            liaison_officer=liaison, vehicle=car if i % 2 else None, flight_number="KC891" if not i % 10 else "",
            terminal="T3" if not i % 10 else "", status="cancelled" if not i % 50 else "confirmed",
        ))
    ItineraryItem.objects.bulk_create(rows, batch_size=1000)
    return create_feed(event=event, scope="delegation", language="ru", target=delegation)


def api_token() -> str:
    from django.contrib.auth import get_user_model

    from accounts.domain.tokens import create_token

    user = get_user_model().objects.create_user("bench-feeds", password=os.urandom(16).hex())
    return create_token(user, name="bench")[1]



def in_process_figures(feed) -> dict:
    """Cold generation and generation after one item changed, rendering in this process."""
    from delegations.models import ItineraryItem
    from feeds.domain.builder import entry_cache
    from feeds.interfaces.calendars import render_feed
    from feeds.interfaces.ical import vtimezone_block
    from feeds.models import FeedToken

    def fresh():
        return FeedToken.objects.select_related("event", "delegation").get(pk=feed.pk)

    def clear():
        entry_cache().clear()
        vtimezone_block.cache_clear()

    body = render_feed(fresh())
    print(f"feed of {body.count(b'BEGIN:VEVENT')} VEVENTs, {body.count(b'BEGIN:VTIMEZONE')} VTIMEZONEs, "
          f"{len(body) / 1024:.0f} KiB")
    cold = _median_and_cpu(timed(lambda: render_feed(fresh()), 3, before=clear))
    ids = list(ItineraryItem.objects.filter(event=feed.event_id).values_list("pk", flat=True))
    counter = iter(range(10**6))

    def change_one_item():
        item = ItineraryItem.objects.get(pk=ids[next(counter) * 37 % len(ids)])
        item.start += datetime.timedelta(minutes=5)
        item.end += datetime.timedelta(minutes=5)
        item.save()

    render_feed(fresh())
    one_change = _median_and_cpu(timed(lambda: render_feed(fresh()), 7, before=change_one_item))
    return {"cold": cold, "one change": one_change}


def measure(server, token, secrets) -> dict:
    """The phases, each with CLIENTS clients for SECONDS: the empty endpoint, then per size the
    304, the unchanged feed without validators (gzip, then plain)."""
    port, pid = server.port, server.process.pid
    phases = {}

    def phase(name, path, headers, expect=(200,)):
        http.run_phase(f"warm-up {name}", port, lambda: ("GET", path, headers), clients=CLIENTS, seconds=1,
                       expect=expect, server_pid=pid, database=BENCH_DB)
        phases[name] = http.run_phase(name, port, lambda: ("GET", path, headers), clients=CLIENTS, seconds=SECONDS,
                                      expect=expect, server_pid=pid, database=BENCH_DB)
        print("  " + phases[name].summary(), flush=True)

    phase("empty endpoint", "/bench/empty/", {"Authorization": f"Token {token}", "Accept": "application/json"})
    for size, secret in secrets.items():
        path = f"/ical/{secret}.ics"
        status, headers, _ = http.fetch_once(port, "GET", path, GZIP)  # builds and stores the body
        assert status == 200, status
        phase(f"304 at {size}", path, {**GZIP, "If-None-Match": headers["etag"]}, expect=(304,))
        phase(f"unchanged, gzip, at {size}", path, GZIP)
        phase(f"unchanged, plain, at {size}", path, {})
    return phases


def verdict(met: bool) -> str:
    return "PASS" if met else "NOT MET"


def _compare(label, over, under, goal=None):
    """One ratio: server CPU per request (the verdict: steady on a shared machine) and p50 latency."""
    cpu = over.cpu_per_request_ms() / under.cpu_per_request_ms()
    latency = over.p(.5) / under.p(.5)
    judged = f"(goal ≤ {goal:g}, on CPU): {verdict(cpu <= goal)}" if goal else "(shown)"
    print(f"{label}: CPU {over.cpu_per_request_ms():.2f} / {under.cpu_per_request_ms():.2f} ms = {cpu:.2f}; "
          f"p50 {over.p(.5):.2f} / {under.p(.5):.2f} ms = {latency:.2f} {judged}")


def report(phases, in_process) -> None:
    empty = phases["empty endpoint"]
    print("\nratios to the empty endpoint: server CPU per request [p50 latency]")
    for name, result in phases.items():
        print(f"  {name:32s} {result.cpu_per_request_ms() / empty.cpu_per_request_ms():5.2f} × "
              f"[{result.p(.5) / empty.p(.5):5.2f} ×]")
    small, large = SIZES
    for size in SIZES:
        for encoding in ("gzip", "plain"):
            _compare(f"unchanged feed without validators ({encoding}) ÷ 304 at {size}",
                     phases[f"unchanged, {encoding}, at {size}"], phases[f"304 at {size}"],
                     GOAL_UNCHANGED_RATIO if encoding == "gzip" else None)
    _compare(f"304 at {large} ÷ 304 at {small}", phases[f"304 at {large}"], phases[f"304 at {small}"], GOAL_SIZE_RATIO)
    for name, goal in (("cold", GOAL_COLD_MS), ("one change", GOAL_ONE_CHANGE_MS)):
        wall, cpu = in_process[name]
        print(f"generation at {small}, {name}: {wall:.0f} ms wall, {cpu:.0f} ms CPU of this process "
              f"(goal ≤ {goal} ms wall): {verdict(wall <= goal)}")
    worst = max(phases[f"304 at {size}"].cpu_per_request_ms() for size in SIZES)
    print(f"304, server CPU per request (worse size): {worst:.2f} ms (goal ≤ {GOAL_304_MS}): {verdict(worst <= GOAL_304_MS)}")


def main():
    if http.skipped():
        return
    with http.bench_database(BENCH_DB, CACHE_URL=CACHE_URL) as db_url:
        from django.db import connections

        from feeds.domain.builder import entry_cache
        from feeds.domain.tokens import secret_of

        started = time.perf_counter()
        feeds = {size: seed_event(size) for size in SIZES}
        token = api_token()
        http.analyze_database(BENCH_DB)
        print(f"seeded {' and '.join(map(str, SIZES))} items in {time.perf_counter() - started:.0f} s")
        in_process = in_process_figures(feeds[SIZES[0]])
        entry_cache().clear()
        secrets = {size: secret_of(feed) for size, feed in feeds.items()}
        connections.close_all()
        with http.Server(db_url, workers=WORKERS, env={"CACHE_URL": CACHE_URL}) as server:
            print(f"gunicorn {WORKERS} sync workers, PostgreSQL, Redis cache, {CLIENTS} clients back to back, "
                  f"{SECONDS:g} s per phase; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
            phases = measure(server, token, secrets)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        report(phases, in_process)


if __name__ == "__main__":
    main()
