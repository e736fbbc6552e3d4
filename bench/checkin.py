"""Gate check-in under load: 20 concurrent scanners against gunicorn and PostgreSQL.

The script creates its own database (liaison_bench_checkin or BENCH_CHECKIN_DB, on the server of DATABASE_URL or
127.0.0.1:5432), seeds one event with 2 000 badged guests and 20 gates, starts gunicorn on a free
loopback port with bench/server_settings.py (the project plus bench/urls.py's empty authenticated
DRF endpoint), and lets 20 clients (asyncio, HTTP/1.1 on 127.0.0.1 only) send, paced at 200
requests/s together: first to the empty endpoint, then scans of random badges. Latency is counted
from the scheduled time, so a server that falls behind is not excused.

Goal: p50 of a scan ≤ 2 × p50 of the empty endpoint (same server, same run), and p99 of a scan
≤ 60 ms, at 200 scans/s with 20 scanners (a 5 000-guest forum peaks near 40 scans/s). It prints
p50/p90/p99, the ratio, the CPU each request cost (gunicorn, PostgreSQL, the load generator, the
whole machine, and the most requests/s the machine could serve at that cost) and PASS or NOT MET.
BENCH_CHECKIN_SECONDS, _WORKERS, _THREADS, _WORKER_CLASS and _RATE change the run (the goal is
judged at 200/s only)."""
import asyncio
import json
import os
import random
import re
import time
import uuid

from bench import http

BENCH_DB = os.environ.get("BENCH_CHECKIN_DB", "liaison_bench_checkin")
SCANNERS = 20
GUESTS = 2000
WARMUP_SECONDS = 3  # per kind of request: the first requests of each worker load its code
MEASURE_SECONDS = float(os.environ.get("BENCH_CHECKIN_SECONDS", "12"))
MAX_SCANS = 30_000  # a hard bound on the traffic, whatever the speed
# The image's workers (backend/gunicorn_conf.py says why sync, one per core). Sync workers close the
# connection after each answer; the scanners reconnect.
GUNICORN_WORKER_CLASS = os.environ.get("BENCH_CHECKIN_WORKER_CLASS", http.Server.worker_class)
GUNICORN_WORKERS = int(os.environ.get("BENCH_CHECKIN_WORKERS", http.Server.workers))
GUNICORN_THREADS = int(os.environ.get("BENCH_CHECKIN_THREADS", "1"))
RATE = int(os.environ.get("BENCH_CHECKIN_RATE", "200"))  # requests/s of all clients together, in each phase
GOAL_RATIO, GOAL_P99_MS = 2.0, 60
EMPTY_PATH = "/bench/empty/"


def seed():
    """One event, two zones (single-entry plenary, unlimited hall), 20 gates, badges for GUESTS guests."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.domain.tokens import create_token
    from badges.domain.qr import encode_payload, signing_key_for
    from badges.models import AccessZone, Badge
    from checkin.models import Checkpoint, Reentry, ZonePolicy
    from events.models import Event, EventMembership, Guest, GuestStatus

    today = timezone.localdate()
    event = Event.objects.create(
        slug="bench-checkin", name={"en": "Bench Forum", "zh-hans": "压测论坛"}, start_date=today, end_date=today,
        status=Event.Status.PUBLISHED,
    )
    plenary = AccessZone.objects.create(event=event, code="PLENARY", name={"en": "Plenary", "zh-hans": "全会"})
    hall = AccessZone.objects.create(event=event, code="HALL", name={"en": "Exhibition hall", "zh-hans": "展厅"})
    ZonePolicy.objects.create(zone=plenary, reentry=Reentry.SINGLE)
    gates = []
    for i in range(SCANNERS):
        gate = Checkpoint.objects.create(event=event, name={"en": f"Gate {i + 1}", "zh-hans": f"{i + 1}号门"})
        gate.zones.set([plenary if i % 4 == 0 else hall])
        gates.append(gate.pk)
    guests = Guest.objects.bulk_create([
        Guest(event=event, country="KZ", category="delegate", family_name=f"NURLANULY{i}", given_name="Aidos",
              native_name="Айдос Нұрланұлы", chinese_name="艾多斯", status=GuestStatus.APPROVED)
        for i in range(GUESTS)
    ], batch_size=500)
    now = timezone.now()
    badges = Badge.objects.bulk_create([
        Badge(event=event, guest=guest, valid_from=now - datetime.timedelta(days=1),
              valid_until=now + datetime.timedelta(days=1))
        for guest in guests
    ], batch_size=500)
    Through = Badge.zones.through
    Through.objects.bulk_create(
        [Through(badge_id=b.pk, accesszone_id=z.pk) for b in badges for z in (plenary, hall)], batch_size=1000
    )
    signing_key_for(event)
    codes = [encode_payload(badge, zone_mask=(1 << plenary.bit) | (1 << hall.bit)) for badge in badges]
    guard = get_user_model().objects.create_user("bench-guard", password=uuid.uuid4().hex)
    EventMembership.objects.create(event=event, user=guard, role="checkin")
    token = create_token(guard, name="bench")[1]
    return event.slug, gates, codes, token


class Scanner(http.Connection):
    """One gate's scanner: the harness's keep-alive connection, posting scans at its gate."""

    def __init__(self, port, path, token, gate):
        super().__init__(port)
        self.path, self.gate = path, gate
        self.headers = {"Authorization": f"Token {token}", "Content-Type": "application/json", "Accept": "application/json"}

    async def send(self, code):
        """A scan of `code`, or a call of the empty endpoint when `code` is None: (status, body)."""
        if code is None:
            path, body = EMPTY_PATH, b"{}"
        else:
            path, body = self.path, scan_body(self.gate, code).encode()
        status, _, payload = await self.request("POST", path, self.headers, body)
        return status, payload


class Phase(http.Phase):
    """The harness's phase (latencies of the 200/201s, errors, CPU), with the scans' results and,
    paced, the scheduled scans not sent because the server was behind."""

    def __init__(self, name):
        super().__init__(name)
        self.results, self.not_sent = {}, 0

    def record(self, status, payload, latency):
        if status not in (200, 201):
            self.errors.append(f"HTTP {status}: {payload[:200]!r}")
            return
        self.latencies.append(latency)
        result = json.loads(payload).get("result", "empty")
        self.results[result] = self.results.get(result, 0) + 1


async def run_load(port, slug, gates, codes, token, meter):
    """Warm up (every worker has loaded its code and connected), then two measured phases with the
    same 20 clients on the same schedule: the empty endpoint, then scans. `meter()` returns the
    CPU counters to charge each phase with."""
    path = f"/api/v1/events/{slug}/checkin/scan/"
    scanners = [Scanner(port, path, token, gates[i % len(gates)]) for i in range(SCANNERS)]
    budget = {"left": MAX_SCANS}
    rng = random.Random(7)
    warm, empty, scans = Phase("warm-up"), Phase("empty endpoint"), Phase("scan")

    async def one(scanner, phase, since, scan):
        budget["left"] -= 1
        try:
            status, payload = await scanner.send(rng.choice(codes) if scan else None)
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as exc:
            phase.errors.append(repr(exc))
            await scanner.close()
            return
        phase.record(status, payload, time.perf_counter() - since)

    async def on_schedule(index, scanner, phase, start, until, scan):
        interval = SCANNERS / RATE
        due = start + interval * index / SCANNERS
        while due < until and budget["left"] > 0:
            if time.perf_counter() >= until:  # too far behind: the rest of the schedule is not sent
                phase.not_sent += int((until - due) / interval) + 1
                break
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            await one(scanner, phase, due, scan)
            due += interval

    async def measure(phase, scan, seconds=MEASURE_SECONDS):
        budget["left"] = MAX_SCANS
        before, started = meter(), time.perf_counter()
        runs = [on_schedule(i, s, phase, started, started + seconds, scan) for i, s in enumerate(scanners)]
        await asyncio.wait_for(asyncio.gather(*runs), seconds + 30)
        phase.wall = time.perf_counter() - started
        phase.cpu = {name: value - before[name] for name, value in meter().items()}

    try:
        for scan in (False, True):
            await measure(warm, scan, seconds=WARMUP_SECONDS)
        await measure(empty, False)
        await measure(scans, True)
    finally:
        for scanner in scanners:
            await scanner.close()
    return warm, empty, scans



def post_in_process(client, path, token, body):
    """A POST of `body` (JSON) to `path` through Django's test client, as the scanners send it."""
    return client.post(path, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}",
                       HTTP_HOST="127.0.0.1")


def scan_body(gate, code) -> str:
    return json.dumps({"qr": code, "checkpoint": gate, "nonce": uuid.uuid4().hex})


def queries_per_scan(slug, gate, code, token) -> list[str]:
    """The statements one online scan sends (in-process, Django's test client, the same settings)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = post_in_process(Client(), f"/api/v1/events/{slug}/checkin/scan/", token, scan_body(gate, code))
    assert response.status_code == 201, response.content
    # A round trip may carry several statements (checkin.domain.gate_sql): each is shown, joined by " + ".
    return [" + ".join(statement[:60] for statement in re.split(r"; (?=SELECT |INSERT )", " ".join(query["sql"].split())))
            for query in captured.captured_queries]


def in_process_cost(slug, gates, codes, token, requests=400):
    """What a scan and an empty request cost with no HTTP and no concurrency (the Django test client,
    one at a time): this process's CPU, PostgreSQL's (its backends serving the bench database) and
    the wall time, each per request. What is left of the gap under load is queueing."""
    from django.test import Client, override_settings

    client, rng = Client(), random.Random(11)

    def scan():
        body = scan_body(rng.choice(gates), rng.choice(codes))
        return post_in_process(client, f"/api/v1/events/{slug}/checkin/scan/", token, body)

    def empty():
        return post_in_process(client, EMPTY_PATH, token, "{}")

    costs = {}
    with override_settings(ROOT_URLCONF="bench.urls"):  # the server's URLs: the project's and the empty endpoint
        for name, send in (("empty endpoint", empty), ("scan", scan)):
            costs[name] = _cost_of(send, requests)
    return costs


def _cost_of(send, requests):
    """`send`'s costs per request, after a warm-up: [this process's CPU, PostgreSQL's CPU, wall] in ms."""
    for _ in range(requests // 4):  # warm-up
        send()
    cpu, database, wall = time.process_time(), http.database_cpu_seconds(BENCH_DB), time.perf_counter()
    for _ in range(requests):
        response = send()
        assert response.status_code in (200, 201), response.content
    return [(time.process_time() - cpu) * 1000 / requests,
            (http.database_cpu_seconds(BENCH_DB) - database) * 1000 / requests,
            (time.perf_counter() - wall) * 1000 / requests]


def report(phase):
    throughput = len(phase.latencies) / phase.wall
    p50, p90, p99 = (http.percentile(phase.latencies, f) * 1000 for f in (0.50, 0.90, 0.99))
    answered = len(phase.latencies) + len(phase.errors)
    per_request = {name: seconds / answered * 1000 for name, seconds in phase.cpu.items()}
    # Everything on the machine shares its cores: the whole machine's CPU per request bounds the rate it can serve.
    capacity = os.cpu_count() / (per_request["machine"] / 1000)
    print(f"{phase.name}: {len(phase.latencies)} answers in {phase.wall:.1f} s → {throughput:.0f}/s; "
          f"latency p50 {p50:.1f} ms, p90 {p90:.1f} ms, p99 {p99:.1f} ms, max {max(phase.latencies) * 1000:.1f} ms")
    print(f"  CPU per request: gunicorn {per_request['gunicorn']:.2f} ms, PostgreSQL {per_request['postgres']:.2f} ms, "
          f"load generator {per_request['load']:.2f} ms, the whole machine {per_request['machine']:.2f} ms; "
          f"busy {phase.cpu['machine'] / phase.wall:.2f} of {os.cpu_count()} cores: at that cost the machine "
          f"could not serve more than {capacity:.0f} requests/s")
    print("  results: " + ", ".join(f"{name} {count}" for name, count in sorted(phase.results.items()))
          + f"; errors: {len(phase.errors)}"
          + (f"; {phase.not_sent} scheduled scans not sent (the server was behind)" if phase.not_sent else ""))
    for error in phase.errors[:3]:
        print("    error:", error)
    return p50, p99


def main():
    if http.skipped():
        return
    with http.bench_database(BENCH_DB) as db_url:
        from django.db import connections

        started = time.perf_counter()
        slug, gates, codes, token = seed()
        print(f"seeded {len(codes)} badges and {len(gates)} gates in {time.perf_counter() - started:.1f} s")
        statements = queries_per_scan(slug, gates[1], codes[-1], token)
        print(f"one online scan: {len(statements)} database round trips: " + " | ".join(statements))
        for name, (cpu, database, wall) in in_process_cost(slug, gates, codes, token).items():
            print(f"in-process, one at a time, {name}: Django {cpu:.2f} ms CPU, PostgreSQL {database:.2f} ms CPU, "
                  f"{wall:.2f} ms wall")
        connections.close_all()
        with http.Server(db_url, workers=GUNICORN_WORKERS, worker_class=GUNICORN_WORKER_CLASS,
                         threads=GUNICORN_THREADS) as server:

            def meter():
                return {"gunicorn": http.process_tree_cpu_seconds(server.process.pid), "load": time.process_time(),
                        "postgres": http.database_cpu_seconds(BENCH_DB), "machine": http.machine_busy_seconds()}

            _, empty, scans = asyncio.run(run_load(server.port, slug, gates, codes, token, meter))

        from checkin.models import Scan

        recorded = Scan.objects.count()
        connections.close_all()
        if not empty.latencies or not scans.latencies:
            raise SystemExit(f"no successful answer; errors: {(empty.errors + scans.errors)[:5]}")
        print(f"gunicorn {GUNICORN_WORKERS} {GUNICORN_WORKER_CLASS} workers × {GUNICORN_THREADS} threads, PostgreSQL, "
              f"{SCANNERS} clients paced at {RATE}/s, {MEASURE_SECONDS:.0f} s per phase, load average now "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        empty_p50, _ = report(empty)
        scan_p50, scan_p99 = report(scans)
        print(f"scan rows recorded (incl. the warm-up's and the in-process ones): {recorded}")
        ratio = scan_p50 / empty_p50
        met = ratio <= GOAL_RATIO and scan_p99 <= GOAL_P99_MS and RATE >= 200
        print(f"p50 scan / p50 empty endpoint = {scan_p50:.1f} / {empty_p50:.1f} ms = {ratio:.2f} (goal ≤ {GOAL_RATIO:g}); "
              f"scan p99 {scan_p99:.1f} ms (goal ≤ {GOAL_P99_MS} ms at {RATE} scans/s): " + ("PASS" if met else "NOT MET"))


if __name__ == "__main__":
    main()
