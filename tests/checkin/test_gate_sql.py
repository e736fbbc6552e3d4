"""The gate's statements (checkin.domain.gate_sql) read and write what the ORM reads and writes."""
import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit import domain as audit
from audit.models import AuditEntry
from badges.domain import validity
from badges.models import Badge
from checkin.domain import gate_sql, scanning
from checkin.models import Scan, ZonePresence
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


def on_file(event, badge, gate=None):
    return gate_sql.read(event.pk, gate.pk if gate else 0, badge if isinstance(badge, int) else badge.pk)


def test_the_gate_reads_a_badge_as_the_orm_does(event, zones, other_event):
    delegation = factories.DelegationFactory(event=event, name="Kazakhstan", country="KZ")
    badge = make_badge(event, [zones["press"], zones["plenary"], zones["lounge"]], delegation=delegation)
    assert read(on_file(event, badge).badge) == read(validity.badge_on_file(event, badge.pk))
    assert len(read(on_file(event, badge).badge)["zones"]) == 3
    assert on_file(other_event, badge).badge is None
    assert on_file(event, badge.pk + 1000).badge is None
    assert on_file(event, 2**64 - 1).badge is None  # a badge id a code can carry, beyond the column's range


def test_a_badge_without_zones_or_delegation_is_read_too(event):
    badge = make_badge(event, [])
    found = on_file(event, badge).badge
    assert read(found) == read(validity.badge_on_file(event, badge.pk))
    assert found.zones_in_bit_order == [] and found.guest.delegation is None


def find_gate(event, checkpoint_id):
    return scanning.Gate.from_rows(event.pk, checkpoint_id, gate_sql.read(event.pk, checkpoint_id).gate_rows)


def test_the_gate_reads_a_checkpoint_as_the_orm_does(event, zones, other_event):
    gate = make_checkpoint(event, [zones["plenary"], zones["lounge"]], direction="both", is_active=False)
    found = find_gate(event, gate.pk)
    assert (found.event_id, found.direction, found.is_active, found.zone_ids) == (
        event.pk, "both", False, frozenset({zones["plenary"].pk, zones["lounge"].pk}))
    assert find_gate(other_event, gate.pk) is None
    assert find_gate(event, 2**70) is None
    assert find_gate(event, -1) is None


def presence(event, guest_id, zone, **state):
    return ZonePresence.objects.create(event_id=event.pk, guest_id=guest_id, zone_id=zone.pk, **state)


def test_the_read_returns_the_guests_presence_rows_in_the_gates_zones_only(event, zones):
    badge = make_badge(event, [zones["plenary"], zones["lounge"], zones["press"]])
    other = make_badge(event, [zones["plenary"]])
    gate = make_checkpoint(event, [zones["plenary"], zones["lounge"]])
    mine = [presence(event, badge.guest_id, zones[code], entries=n) for n, code in enumerate(("lounge", "plenary", "press"))]
    presence(event, other.guest_id, zones["plenary"], entries=9)
    found = on_file(event, badge, gate).presences
    assert list(found) == sorted(found) == sorted([zones["plenary"].pk, zones["lounge"].pk])
    assert {zone_id: row.entries for zone_id, row in found.items()} == {mine[0].zone_id: 0, mine[1].zone_id: 1}
    assert on_file(event, badge).presences == {}  # no such gate: no zones
    assert gate_sql.read(event.pk, gate.pk).presences == {}  # no badge asked for


def new_scan(event, gate, badge, nonce):
    return Scan(event=event, checkpoint_id=gate.pk, nonce=nonce, direction="entry", result="ok", flags=[], badge=badge,
                guest_id=badge.guest_id, badge_version=1, code_digest="0" * 64, scanned_at=timezone.now(),
                offline=False, response={"result": "ok", "name": "Айдос 𠮷 عائشة"})


def test_the_scans_writes_are_what_the_orm_reads_back(event, zones):
    badge = make_badge(event, [zones["plenary"], zones["lounge"]])
    gate = make_checkpoint(event, [zones["plenary"], zones["lounge"]])
    on_file_row = presence(event, badge.guest_id, zones["plenary"], inside=False, entries=1)
    on_file_row.inside, on_file_row.entries, on_file_row.last_checkpoint_id = True, 2, gate.pk
    new = ZonePresence(event_id=event.pk, guest_id=badge.guest_id, zone_id=zones["lounge"].pk, inside=True, entries=1)
    scan = new_scan(event, gate, badge, "nonce-0001")
    entry = audit.pending(None, "scan.entry", event=event.pk, obj=scan, object_label="Айдос", guest_id=badge.guest_id,
                          details={"result": "ok"})
    gate_sql.write(scan, [on_file_row, new], entry)
    assert Scan.objects.get().pk == scan.pk and Scan.objects.get().response["name"] == "Айдос 𠮷 عائشة"
    assert sorted(ZonePresence.objects.values_list("zone_id", "inside", "entries", "last_checkpoint_id")) == sorted(
        [(zones["plenary"].pk, True, 2, gate.pk), (zones["lounge"].pk, True, 1, None)])
    written = AuditEntry.objects.get(object_type="scan")
    assert (written.pk, written.object_type, written.object_id, written.object_label, written.details) == (
        entry.pk, "scan", scan.pk, "Айдос", {"result": "ok"})
    assert not any(row._state.adding for row in (scan, on_file_row, new, entry))


def test_a_refused_write_leaves_nothing_of_the_scan(event, zones):
    badge = make_badge(event, [zones["plenary"]])
    gate = make_checkpoint(event, [zones["plenary"]])
    gate_sql.write(new_scan(event, gate, badge, "nonce-0001"), [], None)
    new = ZonePresence(event_id=event.pk, guest_id=badge.guest_id, zone_id=zones["plenary"].pk, inside=True, entries=1)
    again = new_scan(event, gate, badge, "nonce-0001")
    entry = audit.pending(None, "scan.entry", event=event.pk, obj=again)
    with pytest.raises(IntegrityError), transaction.atomic():  # the nonce again
        gate_sql.write(again, [new], entry)
    assert (Scan.objects.count(), ZonePresence.objects.count(), AuditEntry.objects.filter(object_type="scan").count()) == (1, 0, 0)


def test_a_write_refused_after_the_scan_was_inserted_rolls_the_scan_back(event, zones):
    # The presence row is refused (a concurrent scan inserted it first) after the scan's own INSERT
    # ran: the scan must be gone too, not merely never written.
    badge = make_badge(event, [zones["plenary"]])
    gate = make_checkpoint(event, [zones["plenary"]])
    presence(event, badge.guest_id, zones["plenary"], inside=True, entries=1)
    first_in = ZonePresence(event_id=event.pk, guest_id=badge.guest_id, zone_id=zones["plenary"].pk, inside=True, entries=1)
    scan = new_scan(event, gate, badge, "nonce-0002")
    with CaptureQueriesContext(connection) as sent, pytest.raises(IntegrityError), transaction.atomic():
        gate_sql.write(scan, [first_in], audit.pending(None, "scan.entry", event=event.pk, obj=scan))
    sql = " ".join(query["sql"] for query in sent.captured_queries)
    assert -1 < sql.find('INSERT INTO "checkin_scan"') < sql.find('INSERT INTO "checkin_zonepresence"')  # the premise
    assert not Scan.objects.filter(nonce="nonce-0002").exists()
    assert (ZonePresence.objects.get().entries, AuditEntry.objects.filter(object_type="scan").count()) == (1, 0)
