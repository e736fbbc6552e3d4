"""`make bench`: run every benchmark module in bench/ (each in its own process) and print its figures."""
import pkgutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOT_BENCHMARKS = {"common", "http", "urls", "server_settings"}  # shared harness and settings


def main():
    only = set(sys.argv[1:])
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
