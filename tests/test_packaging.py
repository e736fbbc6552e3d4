"""The wheel the production image installs holds every file the apps need at run time — templates,
static files, fonts, translations, the demo guest list — not only the Python modules. (The image
removes the sources after installing: a file missing here is missing in production, e.g. the
fonts the worker prints badges with.)"""
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("backend", "core", "accounts", "audit", "events", "delegations", "badges", "feeds", "checkin",
            "correspondence", "spreadsheets", "privacy", "office", "portal")


def _shipped_files():
    files = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
                files.add(path.relative_to(ROOT).as_posix())
    return files


def test_the_wheel_holds_every_file_of_the_apps(tmp_path):
    # Built from a copy, as the image builds it: setuptools reuses a build/ folder left in the tree.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet", "-w", str(tmp_path), str(source)],
        check=True, capture_output=True, cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("liaison-*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    expected = _shipped_files()
    assert {"core/fonts/NotoSansArabic-Regular.ttf", "checkin/templates/checkin/scan.html",
            "core/locale/zh_Hans/LC_MESSAGES/django.mo", "events/fixtures/forum_guests.csv"} <= expected
    assert sorted(expected - inside) == []
