"""Gate check-in under load: 20 concurrent scanners against gunicorn and PostgreSQL.

The script creates its own database (liaison_bench_checkin or BENCH_CHECKIN_DB, on the server of DATABASE_URL or
127.0.0.1:5432), seeds one event with 2 000 badged guests and 20 gates, starts gunicorn on a free
loopback port with bench/server_settings.py (the project plus bench/urls.py's empty authenticated
DRF endpoint), and lets 20 clients (asyncio, HTTP/1.1 on 127.0.0.1 only) send, paced at 200
requests/s together: first to the empty endpoint, then scans of random badges. Latency is counted
from the scheduled time, so a server that falls behind is not excused.

Goal: p50 of a scan ≤ 2 × p50 of the empty endpoint (same server, same run), and p99 of a scan
≤ 60 ms, at 200 scans/s with 20 scanners (a 5 000-guest forum peaks near 40 scans/s). It prints
p50/p90/p99, the ratio, the CPU each request cost and PASS or NOT MET. BENCH_CHECKIN_SECONDS,
_WORKERS, _THREADS and _WORKER_CLASS change the run."""
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench import http

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = os.environ.get("BENCH_CHECKIN_DB", "liaison_bench_checkin")
SCANNERS = 20
GUESTS = 2000
WARMUP_SECONDS = 3  # per kind of request: the first requests of each worker load its code
MEASURE_SECONDS = float(os.environ.get("BENCH_CHECKIN_SECONDS", "12"))
MAX_SCANS = 30_000  # a hard bound on the traffic, whatever the speed
# Sync workers, one per core and a half: on 2 cores they served about 1.6× the scans of gthread
# 4 × 2 (threads of one process contend for the GIL at every database round trip, and the cores
# then idle). Sync workers close the connection after each answer; the scanners reconnect.
GUNICORN_WORKER_CLASS = os.environ.get("BENCH_CHECKIN_WORKER_CLASS", "sync")
GUNICORN_WORKERS = int(os.environ.get("BENCH_CHECKIN_WORKERS", "4"))
GUNICORN_THREADS = int(os.environ.get("BENCH_CHECKIN_THREADS", "1"))
RATE = 200  # requests/s of all clients together, in each phase
GOAL_RATIO, GOAL_P99_MS = 2.0, 60
EMPTY_PATH = "/bench/empty/"


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    return url


def database_url(name: str) -> str:
    parts = urlsplit(server_url())
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def admin_sql(*statements):
    import psycopg

    with psycopg.connect(database_url("postgres").replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def start_gunicorn(port, db_url):
    import tempfile

    env = {
        **os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "bench.server_settings", "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING", "DATABASE_CONN_MAX_AGE": "600", "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": tempfile.mkdtemp(prefix="liaison-bench-static-"),
    }
    command = [
        sys.executable, "-m", "gunicorn", "backend.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(GUNICORN_WORKERS), "--worker-class", GUNICORN_WORKER_CLASS, "--threads", str(GUNICORN_THREADS),
        "--keep-alive", "30", "--log-level", "warning", "--graceful-timeout", "5",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    stop_gunicorn(process)
    raise RuntimeError("gunicorn did not start within 60 s")


def stop_gunicorn(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Scanner:
    """One gate's scanner: a keep-alive HTTP/1.1 connection to 127.0.0.1, one request at a time."""

    def __init__(self, port, path, token, gate):
        self.port, self.path, self.token, self.gate = port, path, token, gate
        self.reader = self.writer = None

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
            self.writer = None

    async def send(self, code):
        """A scan of `code`, or a call of the empty endpoint when `code` is None."""
        path = EMPTY_PATH if code is None else self.path
        body = b"{}" if code is None else json.dumps({"qr": code, "checkpoint": self.gate, "nonce": uuid.uuid4().hex}).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nAuthorization: Token {self.token}\r\n"
            f"Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(head + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("server closed the connection")
        status = int(status_line.split()[1])
        length, close = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.strip().lower() == "close":
                close = True
        payload = await self.reader.readexactly(length)
        if close:
            await self.close()
        return status, payload


class Phase:
    """The answers of one phase of the run: latencies of the 200/201s, results, errors, CPU used."""

    def __init__(self, name):
        self.name, self.latencies, self.results, self.errors = name, [], {}, []
        self.wall = self.cpu = None
        self.not_sent = 0  # paced: scheduled scans not sent because the server was behind

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



def machine_busy_seconds() -> float:
    """CPU time all processes of the machine used (every core), from /proc/stat."""
    with open("/proc/stat") as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def queries_per_scan(slug, gate, code, token) -> list[str]:
    """The statements one online scan sends (in-process, Django's test client, the same settings)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    body = json.dumps({"qr": code, "checkpoint": gate, "nonce": uuid.uuid4().hex})
    with CaptureQueriesContext(connection) as captured:
        response = Client().post(f"/api/v1/events/{slug}/checkin/scan/", body, content_type="application/json",
                                 HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")
    assert response.status_code == 201, response.content
    return [" ".join(query["sql"].split())[:60] for query in captured.captured_queries]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(phase):
    throughput = len(phase.latencies) / phase.wall
    p50, p90, p99 = (percentile(phase.latencies, f) * 1000 for f in (0.50, 0.90, 0.99))
    answered = len(phase.latencies) + len(phase.errors)
    per_request = {name: seconds / answered * 1000 for name, seconds in phase.cpu.items()}
    others = (phase.cpu["machine"] - phase.cpu["gunicorn"] - phase.cpu["load"]) / phase.wall  # PostgreSQL and the rest
    print(f"{phase.name}: {len(phase.latencies)} answers in {phase.wall:.1f} s → {throughput:.0f}/s; "
          f"latency p50 {p50:.1f} ms, p90 {p90:.1f} ms, p99 {p99:.1f} ms, max {max(phase.latencies) * 1000:.1f} ms")
    print(f"  CPU per request: gunicorn {per_request['gunicorn']:.2f} ms, load generator {per_request['load']:.2f} ms; "
          f"the machine was busy {phase.cpu['machine'] / phase.wall:.2f} of {os.cpu_count()} cores, {others:.2f} of them "
          "on PostgreSQL and other work")
    print("  results: " + ", ".join(f"{name} {count}" for name, count in sorted(phase.results.items()))
          + f"; errors: {len(phase.errors)}"
          + (f"; {phase.not_sent} scheduled scans not sent (the server was behind)" if phase.not_sent else ""))
    for error in phase.errors[:3]:
        print("    error:", error)
    return p50, p99


def main():
    db_url = database_url(BENCH_DB)
    try:
        admin_sql("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any connection problem
        print(f"skipped: PostgreSQL is not reachable at {urlsplit(server_url()).netloc} ({exc.__class__.__name__})")
        return
    admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)", f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    process = None
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        slug, gates, codes, token = seed()
        print(f"seeded {len(codes)} badges and {len(gates)} gates in {time.perf_counter() - started:.1f} s")
        statements = queries_per_scan(slug, gates[1], codes[-1], token)
        print(f"one online scan: {len(statements)} database round trips: " + " | ".join(statements))
        connections.close_all()

        port = free_port()
        process = start_gunicorn(port, db_url)

        def meter():
            return {"gunicorn": http.process_tree_cpu_seconds(process.pid), "load": time.process_time(),
                    "machine": machine_busy_seconds()}

        _, empty, scans = asyncio.run(run_load(port, slug, gates, codes, token, meter))

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
        print(f"scan rows recorded (incl. the warm-up's): {recorded}")
        ratio = scan_p50 / empty_p50
        met = ratio <= GOAL_RATIO and scan_p99 <= GOAL_P99_MS
        print(f"p50 scan / p50 empty endpoint = {scan_p50:.1f} / {empty_p50:.1f} ms = {ratio:.2f} (goal ≤ {GOAL_RATIO:g}); "
              f"scan p99 {scan_p99:.1f} ms (goal ≤ {GOAL_P99_MS} ms at {RATE} scans/s): " + ("PASS" if met else "NOT MET"))
    finally:
        if process is not None:
            stop_gunicorn(process)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up
            pass
        admin_sql(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
