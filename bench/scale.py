"""Badge batches past one process: a 20 000-badge batch rendered by one Celery worker process, then
another by two, in the same run (goal: two ≥ 1.6 × as fast as one on this 2-core machine), and no
badge repeated or missing in either sheet.

Real workers (`celery worker --pool=solo`, one process each) on PostgreSQL (a database of its own,
BENCH_SCALE_DB, default liaison_bench_scale) and Redis (BENCH_SCALE_BROKER_URL, default
redis://127.0.0.1:6379/12); the sheets in a folder the workers share. A batch is split into parts of
BADGE_BATCH_PART_SIZE badges (default here 500) that the workers render at once; the last one joins
the sheet. Timed from the message sent to the batch recorded done (workers already running). Guests
have unique names (bench.badge_memory.unique_guest_values), no photos; each batch has its own event,
so both issue their badges. The sheet is checked page by page: every "No. 000123-1" badge number of
the event once. BENCH_SCALE_BADGES sets the size (e.g. 2000 for a quick run).
"""
import os
import re
import tempfile
import time
import uuid
from collections import Counter

from bench.common import print_goals
from bench.http import ROOT, analyze_database, bench_database, skipped
from tests.helpers.processes import Worker

GOAL_RATIO = 1.6
BADGE_NUMBER = re.compile(r"No\. (\d{6,})-(\d+)")


def _start_workers(count, queue, env):
    """`count` worker processes on `queue`, each answering a ping before this returns."""
    return [Worker(f"bench-scale-{n}", [queue], env=env, cwd=ROOT,
                   log_path=os.path.join(env["LIAISON_TEST_ROOT"], f"worker-bench-scale-{n}.log")) for n in range(count)]


def _cpu_seconds(workers) -> float:
    """User + system CPU time the worker processes have used so far (Linux /proc)."""
    total = 0
    for worker in workers:
        with open(f"/proc/{worker.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _stop(workers):
    for worker in workers:
        worker.stop()


def _sheet_badge_numbers(batch) -> Counter:
    import pypdfium2

    from badges.storage import sheet_storage

    with sheet_storage().open(batch.file_name, "rb") as handle:
        document = pypdfium2.PdfDocument(handle.read())
    try:
        seen = Counter()
        for page in document:
            seen.update(int(number) for number, _ in BADGE_NUMBER.findall(page.get_textpage().get_text_range()))
        return seen
    finally:
        document.close()


def run(workers_count, size, queue, env, start):
    from badges.demo import seed_zones
    from badges.domain.batches import create_batch
    from badges.domain.templates import get_default_template
    from badges.models import Badge, BadgeBatch
    from badges.tasks import print_badge_batch
    from bench.badge_memory import create_guests
    from tests import factories

    event = factories.make_event(slug=f"bench-scale-{workers_count}-{uuid.uuid4().hex[:6]}")
    seed_zones(event)
    create_guests(event, size, start)
    analyze_database(os.environ.get("BENCH_SCALE_DB", "liaison_bench_scale"))  # as autovacuum leaves it after a bulk load
    batch = create_batch(event, get_default_template(event), {"all": True})
    workers = _start_workers(workers_count, queue, env)
    try:
        cpu_before, load_before = _cpu_seconds(workers), os.getloadavg()[0]
        started = time.perf_counter()
        print_badge_batch.delay(batch.pk)
        while (status := BadgeBatch.objects.filter(pk=batch.pk).values_list("status", flat=True).first()) not in (
                "done", "failed"):
            time.sleep(0.2)
        wall = time.perf_counter() - started
        cpu, load = _cpu_seconds(workers) - cpu_before, os.getloadavg()[0]
    finally:
        _stop(workers)
    batch.refresh_from_db()
    numbers = _sheet_badge_numbers(batch) if status == "done" else Counter()
    issued = set(Badge.objects.filter(event=event).values_list("pk", flat=True))
    repeated = sum(1 for count in numbers.values() if count > 1)
    missing = len(issued - set(numbers))
    print(f"{workers_count} worker process(es): {size} badges in {wall:6.1f} s = {size / wall:5.0f} badges/s; "
          f"{status}, {batch.done} printed, {len(batch.problems)} problems, {batch.file_size / 1e6:.1f} MB; "
          f"in the sheet: {sum(numbers.values())} badge numbers, {repeated} repeated, {missing} missing {batch.error}\n"
          f"    workers' CPU {cpu:6.1f} s = {cpu / wall:4.2f} cores busy on average; machine load {load_before:.1f} → {load:.1f}",
          flush=True)
    return {"wall": wall, "ok": status == "done" and batch.done == size and repeated == 0 and missing == 0
            and len(numbers) == size == len(issued)}


def main():
    if skipped():
        return
    size = int(os.environ.get("BENCH_SCALE_BADGES", "20000"))
    os.environ.setdefault("BADGE_BATCH_PART_SIZE", "500")
    broker = os.environ.get("BENCH_SCALE_BROKER_URL", "redis://127.0.0.1:6379/12")
    queue = f"bench-scale-{os.getpid()}"
    files = tempfile.mkdtemp(prefix="liaison-bench-scale-")
    with bench_database(os.environ.get("BENCH_SCALE_DB", "liaison_bench_scale"), CELERY_BROKER_URL=broker,
                        LIAISON_TEST_QUEUE=queue, LIAISON_TEST_ROOT=files) as db_url:
        from backend.celery import app

        app.conf.task_always_eager = False
        env = {"DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "tests.settings", "CELERY_BROKER_URL": broker,
               "LIAISON_TEST_QUEUE": queue, "LIAISON_TEST_ROOT": files, "PYTHONPATH": str(ROOT),
               "LIAISON_CELERY_WORKER": "1"}
        print(f"batch of {size} badges, parts of {os.environ['BADGE_BATCH_PART_SIZE']}, {os.cpu_count()} cores",
              flush=True)
        one = run(1, size, queue, env, start=0)
        two = run(2, size, queue, env, start=size)
    ratio = one["wall"] / two["wall"]
    print(f"two worker processes: {ratio:.2f}× the speed of one")
    print_goals([
        (f"two worker processes ≥ {GOAL_RATIO}× as fast as one (measured {ratio:.2f}×)", ratio >= GOAL_RATIO),
        ("every badge exactly once in both sheets, none missing", one["ok"] and two["ok"]),
    ])


if __name__ == "__main__":
    main()
