"""Set-up shared by the benchmarks: Django on the test settings, with a throw-away SQLite
database unless DATABASE_URL names another."""
import os
import tempfile


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='liaison-bench-')}/bench.sqlite3"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def timed(call, repeat=10, before=None):
    """Median and worst wall time, and median CPU time of this process, in ms (`before` runs
    untimed before each call). The machine is shared: the CPU time shows what the work costs when
    a core is free (SQLite runs in-process; PostgreSQL's own work is not in it)."""
    import statistics
    import time

    wall, cpu = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), max(wall), statistics.median(cpu)


def print_goals(goals) -> None:
    """Print each (label, met) goal as PASS / NOT MET; with BENCH_STRICT=1 exit 1 if one is not met."""
    import os
    import sys

    for label, ok in goals:
        print(f"  {'PASS' if ok else 'NOT MET'}  {label}")
    if os.environ.get("BENCH_STRICT") == "1" and not all(ok for _, ok in goals):
        sys.exit(1)
