"""Gate check-in under load: 20 concurrent scanners against gunicorn and PostgreSQL.

The script creates its own database (liaison_bench_checkin, on the server of DATABASE_URL or
127.0.0.1:5432), seeds one event with 2 000 badged guests and 20 gates, starts gunicorn on a free
loopback port, and lets 20 scanners (asyncio, keep-alive HTTP/1.1 on 127.0.0.1 only) scan random
badges for a bounded time and count. It prints throughput and p50/p90/p99 latency, then stops
gunicorn and drops the database.

Goal on this machine (2 cores, shared by server and load): ≥ 400 scans/s with p99 ≤ 60 ms."""
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "liaison_bench_checkin"
SCANNERS = 20
GUESTS = 2000
WARMUP_SECONDS = 3
MEASURE_SECONDS = float(os.environ.get("BENCH_CHECKIN_SECONDS", "15"))
MAX_SCANS = 30_000  # a hard bound on the traffic, whatever the speed
GUNICORN_WORKERS = int(os.environ.get("BENCH_CHECKIN_WORKERS", "4"))
GUNICORN_THREADS = int(os.environ.get("BENCH_CHECKIN_THREADS", "2"))
GOAL_THROUGHPUT, GOAL_P99_MS = 400, 60


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
    from rest_framework.authtoken.models import Token

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
    token = Token.objects.create(user=guard).key
    return event.slug, gates, codes, token


def start_gunicorn(port, db_url):
    import tempfile

    env = {
        **os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "backend.settings", "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING", "DATABASE_CONN_MAX_AGE": "600", "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": tempfile.mkdtemp(prefix="liaison-bench-static-"),
    }
    command = [
        sys.executable, "-m", "gunicorn", "backend.wsgi:application", "--bind", f"127.0.0.1:{port}",
        "--workers", str(GUNICORN_WORKERS), "--worker-class", "gthread", "--threads", str(GUNICORN_THREADS),
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
    """One gate's scanner: a keep-alive HTTP/1.1 connection to 127.0.0.1, one scan at a time."""

    def __init__(self, port, path, token, gate):
        self.port, self.path, self.token, self.gate = port, path, token, gate
        self.reader = self.writer = None

    async def connect(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
            self.writer = None

    async def scan(self, code):
        body = json.dumps({"qr": code, "checkpoint": self.gate, "nonce": uuid.uuid4().hex}).encode()
        head = (
            f"POST {self.path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nAuthorization: Token {self.token}\r\n"
            f"Content-Type: application/json\r\nAccept: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        if self.writer is None:
            await self.connect()
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


async def run_load(port, slug, gates, codes, token):
    path = f"/api/v1/events/{slug}/checkin/scan/"
    scanners = [Scanner(port, path, token, gates[i % len(gates)]) for i in range(SCANNERS)]
    latencies, results, errors = [], {}, []
    budget = {"left": MAX_SCANS}
    rng = random.Random(7)

    async def work(scanner, until, record):
        while time.perf_counter() < until and budget["left"] > 0:
            budget["left"] -= 1
            code = rng.choice(codes)
            started = time.perf_counter()
            try:
                status, payload = await scanner.scan(code)
            except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as exc:
                errors.append(repr(exc))
                await scanner.close()
                continue
            elapsed = time.perf_counter() - started
            if not record:
                continue
            if status not in (200, 201):
                errors.append(f"HTTP {status}: {payload[:200]!r}")
                continue
            latencies.append(elapsed)
            result = json.loads(payload)["result"]
            results[result] = results.get(result, 0) + 1

    try:
        warm_until = time.perf_counter() + WARMUP_SECONDS
        await asyncio.gather(*(work(s, warm_until, False) for s in scanners))
        budget["left"] = MAX_SCANS
        started = time.perf_counter()
        await asyncio.wait_for(
            asyncio.gather(*(work(s, started + MEASURE_SECONDS, True) for s in scanners)), MEASURE_SECONDS + 30
        )
        wall = time.perf_counter() - started
    finally:
        for scanner in scanners:
            await scanner.close()
    return latencies, results, errors, wall


def process_tree_cpu_seconds(root_pid) -> float:
    """User + system CPU time of a process and its children (gunicorn's master and workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry), int(fields[1])
        if pid == root_pid or parent == root_pid:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


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
        connections.close_all()

        port = free_port()
        process = start_gunicorn(port, db_url)
        cpu_before = process_tree_cpu_seconds(process.pid)
        latencies, results, errors, wall = asyncio.run(run_load(port, slug, gates, codes, token))
        server_cpu = process_tree_cpu_seconds(process.pid) - cpu_before

        from checkin.models import Scan

        recorded = Scan.objects.count()
        connections.close_all()
        if not latencies:
            raise SystemExit(f"no successful scan; errors: {errors[:5]}")
        throughput = len(latencies) / wall
        p50, p90, p99 = (percentile(latencies, f) * 1000 for f in (0.50, 0.90, 0.99))
        print(f"gunicorn gthread {GUNICORN_WORKERS} workers × {GUNICORN_THREADS} threads, PostgreSQL, "
              f"{SCANNERS} concurrent scanners, {MEASURE_SECONDS:.0f} s measured")
        print(f"scans: {len(latencies)} answered in {wall:.1f} s → {throughput:.0f} scans/s "
              f"(goal ≥ {GOAL_THROUGHPUT})")
        print(f"latency: p50 {p50:.1f} ms, p90 {p90:.1f} ms, p99 {p99:.1f} ms, max {max(latencies) * 1000:.1f} ms, "
              f"mean {statistics.fmean(latencies) * 1000:.1f} ms (goal p99 ≤ {GOAL_P99_MS} ms)")
        answered = len(latencies) + WARMUP_SECONDS * throughput  # the warm-up's scans used CPU too
        cpu_per_scan = server_cpu / answered * 1000
        print(f"gunicorn CPU: {cpu_per_scan:.1f} ms per scan → at most {1000 / cpu_per_scan:.0f} scans/s per core "
              f"this machine gives it (load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
        print("results: " + ", ".join(f"{name} {count}" for name, count in sorted(results.items())))
        print(f"scan rows recorded (incl. warm-up): {recorded}; errors: {len(errors)}")
        for error in errors[:5]:
            print("  error:", error)
        met = throughput >= GOAL_THROUGHPUT and p99 <= GOAL_P99_MS
        print("goal met" if met else "GOAL NOT MET")
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
