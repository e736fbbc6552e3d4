"""The guest list over HTTP: gunicorn + PostgreSQL (database liaison_pguests_bench, dropped after),
5 000 guests, token authentication, 20 concurrent clients, and the empty authenticated DRF
endpoint as the yardstick in the same run (bench/http.py starts and stops everything).

Goals, judged on the server's CPU time per request (gunicorn and its PostgreSQL backends; on a
shared machine latency measures the queue more than the request; p50 latency is printed beside):
- a page of 50 ≤ 3 × the empty endpoint;
- page 60 (guests 2 951–3 000) ≤ 1.3 × page 1;
- a name search ≤ 4 × the empty endpoint.
BENCH_GUESTS_CLIENTS, _SECONDS, _WORKERS and _DB change the run."""
import os
import time
from urllib.parse import quote

from bench import http
from bench.common import print_goals

BENCH_DB = os.environ.get("BENCH_GUESTS_DB", "liaison_pguests_bench")
GUESTS = 5000
CLIENTS = int(os.environ.get("BENCH_GUESTS_CLIENTS", "20"))
SECONDS = float(os.environ.get("BENCH_GUESTS_SECONDS", "6"))
WORKERS = int(os.environ.get("BENCH_GUESTS_WORKERS", http.Server.workers))
GOAL_PAGE, GOAL_DEEP, GOAL_SEARCH = 3.0, 1.3, 4.0
NATIVE = ["Айдос Нұрланұлы", "محمد عبد الرحمن", "João Conceição", "佐藤 健", "김민준", "Бахтиёр Рахимов"]
CHINESE = ["艾多斯", "穆罕默德", "若昂", "佐藤健", "金敏俊", "巴赫季约尔"]


def seed() -> tuple[str, str]:
    """An event of GUESTS guests in 50 delegations; the slug and an API token of a protocol officer."""
    from accounts.domain.tokens import create_token
    from core.crypto import blind_index
    from delegations.models import Delegation
    from events.models import Guest
    from events.models.search_text import guest_search_text
    from tests import factories

    event = factories.make_event(slug="bench-guests")
    user = factories.make_member(event, "protocol")
    delegations = [Delegation.objects.create(event=event, name=f"Delegation {i}", country="KZ") for i in range(50)]
    guests = []
    for i in range(GUESTS):
        guest = Guest(event=event, delegation=delegations[i % 50], family_name=f"GUEST{(i * 7919) % GUESTS:05d}",
                      given_name=f"Name{i % 97}", native_name=NATIVE[i % 6], chinese_name=CHINESE[i % 6], country="KZ",
                      position="Deputy Minister", organization="Ministry of Foreign Affairs", passport_number=f"KZ{i:07d}")
        guest.search_text = guest_search_text(guest)  # what Guest.save derives, which bulk_create skips
        guest.passport_index = blind_index(guest.passport_number, purpose="passport")
        guests.append(guest)
    Guest.objects.bulk_create(guests, batch_size=1000)
    return event.slug, create_token(user, name="bench")[1]


def measure(server, token, slug) -> dict:
    port, pid = server.port, server.process.pid
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    guests = f"/api/v1/events/{slug}/guests/"
    phases = {}
    for name, path in (("empty endpoint", "/bench/empty/"), ("page 1 of 50", f"{guests}?page_size=50"),
                       ("page 60 of 50", f"{guests}?page_size=50&page=60"), ("search 'нұрлан'", f"{guests}?search={quote('нұрлан')}"),
                       ("page 1 of 500 (shown)", f"{guests}?page_size=500")):
        status, _, body = http.fetch_once(port, "GET", path, headers)
        assert status == 200, body[:300]
        http.run_phase(f"warm-up {name}", port, lambda path=path: ("GET", path, headers), clients=CLIENTS, seconds=1,
                       server_pid=pid, database=BENCH_DB)
        phases[name] = http.run_phase(name, port, lambda path=path: ("GET", path, headers), clients=CLIENTS,
                                      seconds=SECONDS, server_pid=pid, database=BENCH_DB)
        print("  " + phases[name].summary(), flush=True)
    return phases


def ratio(label, over, under, goal):
    """(goal label, met) judged on server CPU per request; prints the CPU and the p50 ratios."""
    cpu = over.cpu_per_request_ms() / under.cpu_per_request_ms()
    latency = over.p(.5) / under.p(.5)
    print(f"{label}: CPU {over.cpu_per_request_ms():.2f} / {under.cpu_per_request_ms():.2f} ms = {cpu:.2f} × "
          f"(goal ≤ {goal:g}); p50 {over.p(.5):.2f} / {under.p(.5):.2f} ms = {latency:.2f} ×")
    return f"{label} ≤ {goal:g} × (server CPU {cpu:.2f} ×, p50 {latency:.2f} ×)", cpu <= goal


def report(phases) -> None:
    empty, first = phases["empty endpoint"], phases["page 1 of 50"]
    print("\nratios to the empty endpoint: server CPU per request [p50 latency]")
    for name, result in phases.items():
        print(f"  {name:24s} {result.cpu_per_request_ms() / empty.cpu_per_request_ms():5.2f} × "
              f"[{result.p(.5) / empty.p(.5):5.2f} ×]")
    print_goals([
        ratio("page of 50 ÷ empty endpoint", first, empty, GOAL_PAGE),
        ratio("page 60 ÷ page 1", phases["page 60 of 50"], first, GOAL_DEEP),
        ratio("search ÷ empty endpoint", phases["search 'нұрлан'"], empty, GOAL_SEARCH),
    ])


def main():
    if http.skipped():
        return
    with http.bench_database(BENCH_DB) as db_url:
        from django.db import connections

        started = time.perf_counter()
        slug, token = seed()
        http.analyze_database(BENCH_DB)
        print(f"seeded {GUESTS} guests in {time.perf_counter() - started:.0f} s")
        connections.close_all()
        with http.Server(db_url, workers=WORKERS) as server:
            print(f"gunicorn {WORKERS} sync workers, PostgreSQL, {CLIENTS} clients back to back, {SECONDS:g} s per phase; "
                  f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
            phases = measure(server, token, slug)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        report(phases)


if __name__ == "__main__":
    main()
