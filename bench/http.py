"""The harness of the HTTP benchmarks: a bench database on PostgreSQL, gunicorn serving the
project (bench/server_settings.py: plus the empty authenticated endpoint /bench/empty/) on a
free loopback port, N concurrent keep-alive HTTP/1.1 clients, percentiles, and the CPU time
gunicorn, the load generator and the whole machine spent.

The database is created and dropped with PostgreSQL's createdb/dropdb tools (no SQL of ours)."""
import asyncio
import contextlib
import os
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.helpers.processes import free_port

ROOT = Path(__file__).resolve().parent.parent
# The image's gunicorn settings, read as a file: importing the backend package would set
# DJANGO_SETTINGS_MODULE (its Celery app does) before a benchmark chooses the settings.
GUNICORN_CONF = runpy.run_path(str(ROOT / "backend" / "gunicorn_conf.py"))


def server_url() -> str:
    """The PostgreSQL server of DATABASE_URL, or 127.0.0.1:5432 as user postgres."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else "postgres://postgres@127.0.0.1:5432/postgres"


def database_url(name: str) -> str:
    parts = urlsplit(server_url())
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))


def _client_options() -> list[str]:
    parts = urlsplit(server_url())
    return ["--host", parts.hostname or "127.0.0.1", "--port", str(parts.port or 5432),
            "--username", parts.username or "postgres", "--no-password"]


def postgres_reachable() -> bool:
    if not shutil.which("pg_isready"):
        return False
    return subprocess.run(["pg_isready", "--quiet", *_client_options()[:4]], check=False).returncode == 0


def create_database(name: str) -> str:
    """A new, empty database `name` (dropped first if it exists); returns its URL."""
    drop_database(name)
    subprocess.run(["createdb", *_client_options(), name], check=True)
    return database_url(name)


def drop_database(name: str) -> None:
    subprocess.run(["dropdb", *_client_options(), "--if-exists", "--force", name], check=True)


def analyze_database(name: str) -> None:
    """The tables as autovacuum leaves them soon after a bulk load: statistics, and vacuumed
    (PostgreSQL ≥ 13 vacuums a table after inserts, 1 000 rows + 20 % by default), which sets the
    visibility map that index-only scans (a page's ids, a count) need. The bench's server may run
    with autovacuum off; production does not."""
    subprocess.run(["vacuumdb", *_client_options(), "--analyze", "--quiet", name], check=True)


def skipped() -> bool:
    """True (and says so) when there is no PostgreSQL server to run an HTTP benchmark on."""
    if postgres_reachable():
        return False
    print(f"skipped: PostgreSQL is not reachable at {urlsplit(server_url()).netloc}")
    return True


@contextlib.contextmanager
def bench_database(name: str, **env):
    """The set-up every HTTP benchmark's process shares: a new database `name`, this process's
    DATABASE_URL (and `env`) pointing at it, Django on the test settings, migrated. Yields the
    database's URL; afterwards closes the connections and drops the database."""
    db_url = create_database(name)
    os.environ.update(DATABASE_URL=db_url, **env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        yield db_url
    finally:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up
            pass
        drop_database(name)


@dataclass
class Server:
    """gunicorn with bench/server_settings.py, DEBUG off, persistent database connections, the image's
    workers (backend/gunicorn_conf.py) unless a benchmark asks for others."""

    database_url: str
    workers: int = GUNICORN_CONF["workers"]  # the image's: backend/gunicorn_conf.py
    worker_class: str = GUNICORN_CONF["worker_class"]
    threads: int = 1
    env: dict = field(default_factory=dict)
    port: int = 0
    process: subprocess.Popen | None = None

    def start(self, timeout=60) -> "Server":
        self.port = self.port or free_port()
        env = {
            **os.environ, "DATABASE_URL": self.database_url, "DJANGO_SETTINGS_MODULE": "bench.server_settings",
            "DEBUG": "0", "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
            "LOG_LEVEL": "WARNING", "DATABASE_CONN_MAX_AGE": "600", "ALLOWED_HOSTS": "127.0.0.1",
            "STATIC_ROOT": tempfile.mkdtemp(prefix="liaison-bench-static-"), **self.env,
        }
        command = [
            sys.executable, "-m", "gunicorn", "backend.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers), "--worker-class", self.worker_class, "--threads", str(self.threads),
            "--keep-alive", "30", "--log-level", "warning", "--graceful-timeout", "5", "--timeout", "120",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not start within {timeout} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def process_tree_cpu_seconds(root_pid) -> float:
    """User + system CPU time of a process and its children (gunicorn's master and workers)."""
    total = 0.0
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry) == root_pid or int(fields[1]) == root_pid:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def database_cpu_seconds(database: str) -> float:
    """User + system CPU time of the PostgreSQL backends serving `database` (same machine only)."""
    total = 0.0
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                if f" {database} ".encode() not in handle.read():
                    continue
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def machine_busy_seconds() -> float:
    """CPU time all processes of the machine used (every core), from /proc/stat."""
    with open("/proc/stat") as handle:
        fields = [int(v) for v in handle.readline().split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


class Connection:
    """One client: a keep-alive HTTP/1.1 connection to 127.0.0.1, one request at a time
    (reconnecting when the server closes, as sync gunicorn workers do after each answer)."""

    def __init__(self, port):
        self.port = port
        self.reader = self.writer = None

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
            self.writer = None

    async def request(self, method, path, headers=None, body=b""):
        """(status, headers as a lower-cased dict, body bytes)."""
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}",
                 *(f"{name}: {value}" for name, value in (headers or {}).items())]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port, limit=2**20)
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("server closed the connection")
        status, answer = int(status_line.split()[1]), {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            answer[name.strip().lower()] = value.strip()
        payload = await self.reader.readexactly(int(answer.get("content-length", 0)))
        if answer.get("connection", "").lower() == "close":
            await self.close()
        return status, answer, payload


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class Phase:
    """The answers of one measured phase: latencies (s) of the expected answers, errors, CPU."""

    name: str
    latencies: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    wall: float = 0.0
    cpu: dict = field(default_factory=dict)
    body_bytes: int = 0

    def p(self, fraction) -> float:
        return percentile(self.latencies, fraction) * 1000

    def cpu_per_request_ms(self, name="server") -> float:
        return self.cpu[name] / max(1, len(self.latencies) + len(self.errors)) * 1000

    def summary(self) -> str:
        rate = len(self.latencies) / self.wall if self.wall else 0
        return (f"{self.name:44s} p50 {self.p(.5):7.2f} ms  p90 {self.p(.9):7.2f}  p99 {self.p(.99):7.2f}  "
                f"{rate:6.0f}/s  server CPU {self.cpu_per_request_ms():6.2f} ms/req "
                f"(PostgreSQL {self.cpu_per_request_ms('postgres'):5.2f})  "
                f"{self.body_bytes / 1024:7.1f} KiB" + (f"  errors {len(self.errors)}" if self.errors else ""))


def run_phase(name, port, make_request, *, clients, seconds, expect=(200,), server_pid=None, database=None,
              max_requests=100_000):
    """`clients` concurrent clients send back to back for `seconds`: make_request() gives
    (method, path, headers); answers whose status is not in `expect` count as errors. "server"
    CPU is gunicorn's plus that of the PostgreSQL backends of `database`."""
    phase = Phase(name)

    def meter():
        gunicorn = process_tree_cpu_seconds(server_pid) if server_pid else 0.0
        postgres = database_cpu_seconds(database) if database else 0.0
        return {"server": gunicorn + postgres, "postgres": postgres, "load": time.process_time(),
                "machine": machine_busy_seconds()}

    async def client(until):
        connection = Connection(port)
        try:
            while time.perf_counter() < until and len(phase.latencies) + len(phase.errors) < max_requests:
                method, path, headers = make_request()
                started = time.perf_counter()
                try:
                    status, _, payload = await connection.request(method, path, headers)
                except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as exc:
                    phase.errors.append(repr(exc))
                    await connection.close()
                    continue
                if status in expect:
                    phase.latencies.append(time.perf_counter() - started)
                    phase.body_bytes = len(payload)
                else:
                    phase.errors.append(f"HTTP {status}: {payload[:200]!r}")
        finally:
            await connection.close()

    async def run():
        before, started = meter(), time.perf_counter()
        await asyncio.gather(*(client(started + seconds) for _ in range(clients)))
        phase.wall = time.perf_counter() - started
        phase.cpu = {key: value - before[key] for key, value in meter().items()}

    asyncio.run(run())
    if not phase.latencies:
        raise SystemExit(f"{name}: no expected answer; errors: {phase.errors[:3]}")
    return phase


def fetch_once(port, method, path, headers=None):
    """One request outside any measurement: (status, headers, body)."""
    async def once():
        connection = Connection(port)
        try:
            return await connection.request(method, path, headers)
        finally:
            await connection.close()

    return asyncio.run(once())
