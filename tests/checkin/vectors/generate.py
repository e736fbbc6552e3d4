"""Rewrites tests/checkin/vectors/offline_verdicts.json from world.py: python -m tests.checkin.vectors.generate"""
import json
import os
from pathlib import Path

FILE = Path(__file__).with_name("offline_verdicts.json")


def rendered() -> str:
    from .world import vectors

    return json.dumps(vectors(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    FILE.write_text(rendered(), encoding="utf-8")
    print(f"wrote {FILE}")
