"""Badge batch memory: peak RSS of a 20 000-badge batch against a 1 000-badge batch (goal ≤ 1.3×).

Each batch runs in a fresh Python process that does what a Celery worker does for a batch
(badges.domain.batches.run_batch: load the guests, issue their badges, render, store the sheet) and
reports its peak RSS (resource.getrusage). Both processes start alike (Django set up, fonts loaded),
so the ratio is what the batch itself adds. Guests have unique names (unique_guests below), no photos.

Also the guest generator the badge benchmarks share: every script of the demo guest list
(events/fixtures/forum_guests.csv), given and family names combined across the rows of one script
and numbered, so that no two badges show the same name.
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict

from bench.common import print_goals, setup_django

SIZES = (1_000, 20_000)
GOAL_RATIO = 1.3


def _script(text) -> str:
    for char in text:
        if char.isalpha():
            script = unicodedata.name(char, "UNKNOWN").split()[0]
            return "CJK" if script in ("CJK", "HIRAGANA", "KATAKANA") else script
    return "UNKNOWN"


def _halves(name, sep=" "):
    """A name's first part and the rest; a name without `sep` (Korean, Chinese) splits after one character."""
    if sep in name:
        first, rest = name.split(sep, 1)
        return first, rest, sep
    return name[:1], name[1:], ""


def _combined(a, b, sep=" "):
    first, _, joint = _halves(a, sep)
    _, rest, _ = _halves(b, sep)
    return f"{first}{joint}{rest}"


def unique_guest_values(count, start=0):
    """`count` dicts of Guest fields with names no other dict of any `start` repeats: guest n takes the
    script n mod (number of scripts), its given name from one row and its family name from another row
    of that script, and the number n + 1 after each name."""
    from events.demo import read_guest_rows

    groups = defaultdict(list)
    for row in read_guest_rows():
        groups[_script(row["native_name"])].append(row)
    scripts = sorted(groups)
    for n in range(start, start + count):
        rows = groups[scripts[n % len(scripts)]]
        k = n // len(scripts)
        a, b = rows[k % len(rows)], rows[(k + k // len(rows) + 1) % len(rows)]
        number = n + 1
        yield {
            "country": a["country"], "category": a["category"], "honorific": a["honorific"],
            "given_name": a["given_name"], "family_name": f"{b['family_name']} {number}",
            "native_name": f"{_combined(a['native_name'], b['native_name'])} {number}",
            "chinese_name": f"{_combined(a['chinese_name'], b['chinese_name'], '·')}{number}",
            "position": a["position"], "organization": a["organization"],
            "email": f"bench{number}@example.org",
        }


def scripts_covered() -> list[str]:
    from events.demo import read_guest_rows

    return sorted({_script(row["native_name"]) for row in read_guest_rows()})


def create_guests(event, count, start=0):
    from events.models import Guest, GuestStatus

    Guest.objects.bulk_create(
        (Guest(event=event, status=GuestStatus.APPROVED, **values) for values in unique_guest_values(count, start)),
        batch_size=1000,
    )


def run_one(batch_id):
    """In the child process: one batch, as the worker runs it; prints its figures as JSON."""
    setup_django()
    from badges.domain.batches import run_batch
    from badges.models import BadgeBatch
    from core.typesetting import get_chain

    get_chain()
    started, cpu_started = time.perf_counter(), time.process_time()
    run_batch(batch_id)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    batch = BadgeBatch.objects.get(pk=batch_id)
    print(json.dumps({
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "wall": wall, "cpu": cpu,
        "status": batch.status, "done": batch.done, "problems": len(batch.problems), "error": batch.error,
        "file_size": batch.file_size,
    }))


def measure(sizes=SIZES) -> dict:
    """{size: figures} for one batch of each size, each in a fresh process, all in this run."""
    from badges.demo import seed_zones
    from badges.domain.batches import create_batch
    from badges.domain.templates import get_default_template
    from tests import factories

    results = {}
    start = 0
    for size in sizes:
        event = factories.make_event(slug=f"bench-memory-{size}-{int(time.time())}")
        seed_zones(event)
        create_guests(event, size, start)
        start += size
        batch = create_batch(event, get_default_template(event), {"all": True})
        completed = subprocess.run([sys.executable, "-m", "bench.badge_memory", "--run", str(batch.pk)],
                                   capture_output=True, text=True, env=os.environ.copy())
        if completed.returncode:
            sys.exit(f"the {size}-badge batch failed:\n{completed.stderr[-3000:]}")
        results[size] = json.loads(completed.stdout.strip().splitlines()[-1])
    return results


def report(results) -> list[tuple[str, bool]]:
    for size, r in results.items():
        print(f"batch of {size:6d} badges: peak RSS {r['peak_rss_mb']:6.1f} MB; {r['wall']:6.1f} s wall, "
              f"{r['cpu']:6.1f} s CPU = {size / r['cpu']:4.0f} badges/s of CPU; {r['file_size'] / size / 1024:4.2f} "
              f"KB/badge; {r['status']}, {r['done']} printed, {r['problems']} problems {r['error']}")
    small, large = (results[size] for size in SIZES)
    ratio = large["peak_rss_mb"] / small["peak_rss_mb"]
    complete = all(r["status"] == "done" and r["done"] == size for size, r in results.items())
    return [
        (f"peak RSS {SIZES[1]} badges / {SIZES[0]} badges: {ratio:4.2f}× (goal ≤ {GOAL_RATIO}×)", ratio <= GOAL_RATIO),
        ("every badge of both batches printed", complete),
    ]


def main():
    if sys.argv[1:2] == ["--run"]:
        run_one(int(sys.argv[2]))
        return
    os.environ.setdefault("BADGE_BATCH_ROOT", tempfile.mkdtemp(prefix="liaison-bench-sheets-"))
    setup_django()
    print(f"scripts of the generated names: {', '.join(scripts_covered())}", flush=True)
    goals = report(measure())
    print_goals(goals)


if __name__ == "__main__":
    main()
