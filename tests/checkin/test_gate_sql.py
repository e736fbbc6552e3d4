"""The gate's statements (checkin.domain.gate_sql) read and write what the ORM reads and writes."""
import pytest

from badges.domain import validity
from badges.models import Badge
from checkin.domain import gate_sql, scanning
from checkin.models import ZonePresence
from events.models import Guest
from tests import factories

from .conftest import make_badge, make_checkpoint

pytestmark = pytest.mark.django_db

BADGE = [Badge._meta.get_field(name).attname for name in gate_sql.BADGE_COLUMNS]
GUEST = [Guest._meta.get_field(name).attname for name in gate_sql.GUEST_COLUMNS if name != "photo"]


def read(badge):
    """What a scan uses of a badge on file, as plain values."""
    guest = badge.guest
    return {
        "badge": {name: getattr(badge, name) for name in BADGE},
        "guest": {**{name: getattr(guest, name) for name in GUEST}, "photo": guest.photo.name or ""},
        "delegation": guest.delegation and (guest.delegation.pk, guest.delegation.name, guest.delegation.country),
        "public_key": badge.public_key,
        "zones": [(zone.pk, zone.code, zone.name, zone.colour, zone.bit, scanning.reentry_policy(zone))
                  for zone in badge.zones_in_bit_order],
    }


def test_the_gate_reads_a_badge_as_the_orm_does(event, zones, other_event):
    delegation = factories.DelegationFactory(event=event, name="Kazakhstan", country="KZ")
    badge = make_badge(event, [zones["press"], zones["plenary"], zones["lounge"]], delegation=delegation)
    assert read(gate_sql.badge_on_file(event, badge.pk)) == read(validity.badge_on_file(event, badge.pk))
    assert len(read(gate_sql.badge_on_file(event, badge.pk))["zones"]) == 3
    assert gate_sql.badge_on_file(other_event, badge.pk) is None
    assert gate_sql.badge_on_file(event, badge.pk + 1000) is None


def test_a_badge_without_zones_or_delegation_is_read_too(event):
    badge = make_badge(event, [])
    gate = gate_sql.badge_on_file(event, badge.pk)
    assert read(gate) == read(validity.badge_on_file(event, badge.pk))
    assert gate.zones_in_bit_order == [] and gate.guest.delegation is None


def test_the_gate_reads_a_checkpoint_as_the_orm_does(event, zones, other_event):
    gate = make_checkpoint(event, [zones["plenary"], zones["lounge"]], direction="both", is_active=False)
    found = scanning.Gate.find(event, gate.pk)
    assert (found.event_id, found.direction, found.is_active, found.zone_ids) == (
        event.pk, "both", False, frozenset({zones["plenary"].pk, zones["lounge"].pk}))
    assert scanning.Gate.find(other_event, gate.pk) is None
    assert scanning.Gate.find(event, 2**70) is None


def test_presence_rows_are_written_as_the_orm_writes_them(event, zones):
    badge = make_badge(event, [zones["plenary"], zones["lounge"]])
    gate = make_checkpoint(event, [zones["plenary"], zones["lounge"]])
    new = [ZonePresence(event_id=event.pk, guest_id=badge.guest_id, zone_id=zone.pk, inside=True, entries=1)
           for zone in (zones["plenary"], zones["lounge"])]
    gate_sql.insert(*new)
    locked = gate_sql.lock_presences(badge.guest_id, [zones["lounge"].pk, zones["plenary"].pk])
    assert list(locked) == sorted(locked) and {p.inside for p in locked.values()} == {True}
    for presence in locked.values():
        presence.inside, presence.entries, presence.last_checkpoint_id = False, 2, gate.pk
    gate_sql.update_presences(list(locked.values()), scanning.PRESENCE_FIELDS)
    assert sorted(ZonePresence.objects.values_list("zone_id", "inside", "entries", "last_checkpoint_id")) == sorted(
        (zone.pk, False, 2, gate.pk) for zone in (zones["plenary"], zones["lounge"]))
