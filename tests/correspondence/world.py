"""Guests from the shared forum list (/work/shared/data/forum_guests.csv, names in many scripts)."""
import csv
import datetime
from pathlib import Path

from tests import factories

FORUM_GUESTS = Path("/work/shared/data/forum_guests.csv")
FALLBACK = {
    "VOLKOVA": dict(country="RU", honorific="Dr.", given_name="Irina", native_name="Ирина Волкова", language="ru"),
    "ABDELRAHMAN": dict(country="EG", honorific="Dr.", given_name="Mohamed", native_name="محمد عبد الرحمن", language="ar"),
    "DLAMINI": dict(country="ZA", honorific="Dr.", given_name="Sipho", native_name="Sipho Dlamini", language="en"),
    "NURLANULY": dict(country="KZ", honorific="H.E.", given_name="Aidos", native_name="Айдос Нұрланұлы", language="kk"),
    "TAN": dict(country="MY", honorific="Mr.", given_name="Wei Ming", native_name="Tan Wei Ming 陈伟明", language="ms"),
}


def forum_row(family_name) -> dict:
    if FORUM_GUESTS.exists():
        with FORUM_GUESTS.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["family_name"] == family_name:
                    return {key: row[key] for key in ("country", "honorific", "given_name", "native_name", "chinese_name",
                                                      "language", "email", "passport_number", "gender")} | {
                        "date_of_birth": datetime.date.fromisoformat(row["date_of_birth"])}
    return FALLBACK[family_name]


def forum_guest(event, family_name, **overrides):
    return factories.make_guest(event, family_name=family_name, **{**forum_row(family_name), **overrides})
