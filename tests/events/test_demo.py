import csv

import pytest
from django.core.management import call_command

from events.demo import GUEST_CSV
from events.models import Event, Guest, ProgrammeSession, Venue

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Event.objects.values_list("slug", "updated_at")),
        sorted(Guest.objects.values_list("email", "status", "updated_at", "photo")),
        Venue.objects.count(),
        ProgrammeSession.objects.count(),
    )


def test_seed_demo_loads_the_four_events_with_every_guest_and_is_idempotent():
    call_command("seed_demo")
    rows = list(csv.DictReader(GUEST_CSV.open(encoding="utf-8")))
    assert set(Event.objects.values_list("slug", flat=True)) == {r["event"] for r in rows}
    assert Guest.objects.count() == len(rows) == 36
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first

    aidos = Guest.objects.get(email="aidos.nurlanuly@example.kz")
    assert (aidos.native_name, aidos.chinese_name, aidos.passport_number) == ("Айдос Нұрланұлы", "艾多斯·努尔兰内", "KZ7424363")
    assert aidos.delegation.name == "Delegation of the Republic of Kazakhstan"
    assert aidos.photo and aidos.photo.size > 500
    assert Guest.objects.get(email__startswith="mohamed").native_name == "محمد عبد الرحمن"


def test_demo_data_ships_with_the_project():
    """`make run` must not need ../shared: the guest list is inside the package."""
    assert GUEST_CSV.is_file() and "shared" not in str(GUEST_CSV)
