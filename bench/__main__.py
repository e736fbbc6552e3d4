"""`make bench`: run every benchmark module in bench/ (each in its own process) and print its figures."""
import pkgutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"common", "http", "urls", "server_settings"}  # shared harness and settings


def machine_speed() -> float:
    """CPU seconds of a plain Python loop of 10⁷ additions: absolute figures scale with it, so runs
    on different machines (or on one shared machine at different hours) can be compared."""
    started, total = time.process_time(), 0
    for number in range(10_000_000):
        total += number
    return time.process_time() - started


def main():
    only = set(sys.argv[1:])
    print(f"machine: a loop of 10⁷ additions took {machine_speed():.2f} s of CPU", flush=True)
    names = [m.name for m in pkgutil.iter_modules([str(HERE)]) if not m.name.startswith("_") and m.name not in NOT_BENCHMARKS]
    failed = []
    for name in sorted(names):
        if only and name not in only:
            continue
        print(f"\n## bench.{name}", flush=True)
        result = subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=HERE.parent)
        if result.returncode:
            failed.append(name)
    if failed:
        sys.exit(f"benchmarks failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
