"""The statements of a scan, written in SQL: the gate with its zones, the badge on file, the guest's
presence rows locked and written, the scan and its audit entry inserted. Every scan uses them — the
DRF scan view, the desk and the offline upload all go through checkin.domain.scanning.scan() — and
this is the one module outside migrations that writes SQL (tests/test_architecture.py names it).
It only reads and writes rows: the badge is judged by badges.domain.validity, the gate's decision
is taken in scanning, the audit entry is built by audit.domain.record.

Why SQL and not the ORM (measured on the 2-core development machine, PostgreSQL, DEBUG off, CPU
time per request; in-process with the Django test client and bench.server_settings, and with
bench/checkin.py against gunicorn): through the ORM a scan cost 18.5–19.3 ms of CPU in-process
against 2.7–3.2 ms for the empty authenticated DRF endpoint, and gunicorn spent 15.95 ms per scan
(3.90 per empty request), so only 92 of the 200 scans/s the goal asks for were served. Nearly all of
it was Django building and compiling the same six statements anew on every request (select_related
joins, only(), the inserts), not running them; they had been trimmed already (only(), values_list,
sorting in Python to spare an ORDER BY, one UPDATE instead of bulk_update's CASE). Written here once per process, from the models' own
tables and columns, the same round trips cost 4.4–4.8 ms per scan request in-process against
1.3–1.4 ms for the empty endpoint; the scan service itself (Gate.find and scan()) 1.7 ms, of which
the eight round trips take about 0.7. gunicorn: 6.0 ms per scan against 2.2 per empty request
(bench/checkin.py on a machine shared with other work; the token and the event, read before the
scan, are not in this module).

Values pass through the models' fields both ways, as the ORM passes them: get_db_prep_save on the
way in, the backend's and the field's converters on the way out, and rows come back as model
instances (Model.from_db). Locks are the ORM's select_for_update: FOR UPDATE where the database
has it (SQLite has none: it lets one writer at a time anyway)."""
import functools

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.constants import OnConflict

from badges.domain import validity
from badges.models import AccessZone, Badge, EventSigningKey
from checkin.models import Checkpoint, ZonePolicy, ZonePresence
from core.validators import LARGEST_ID
from delegations.models import Delegation
from events.models import Guest

from .summary import GUEST_FIELDS as SUMMARY_FIELDS


def _db():
    """The connection itself (not django.db.connection, a proxy looked up on every attribute)."""
    return connections[DEFAULT_DB_ALIAS]


def _quote(name):
    return _db().ops.quote_name(name)


def _table(model):
    return _quote(model._meta.db_table)


def _column(model, name):
    return _quote(model._meta.get_field(name).column)


class _Columns:
    """Some columns of a model's table under an alias in a SELECT: their SQL, and the model
    instance made of their values, converted as the ORM converts them (the backend's converters,
    then the field's)."""

    def __init__(self, model, alias, names, start):
        wanted = {model._meta.get_field(name) for name in names}
        fields = [field for field in model._meta.concrete_fields if field in wanted]  # Model.from_db's order
        self.model, self.attnames = model, [field.attname for field in fields]
        self.sql = ", ".join(f"{alias}.{_quote(field.column)}" for field in fields)
        self.place = slice(start, start + len(fields))  # where they are in a row
        self.end = self.place.stop
        db = _db()
        self.converters = []
        for index, field in enumerate(fields):
            column = field.get_col(alias)
            converters = [*db.ops.get_db_converters(column), *field.get_db_converters(db)]
            if converters:
                self.converters.append((index, column, converters))

    def instance(self, db, row):
        """The model instance of these columns' values in `row`; None for a row of a LEFT JOIN that found nothing."""
        values = row[self.place]
        if values[0] is None:
            return None
        if self.converters:
            values = list(values)
            for index, column, converters in self.converters:
                for converter in converters:
                    values[index] = converter(values[index], column, db)
        return self.model.from_db(db.alias, self.attnames, values)


def _rows(db, sql, params) -> list[tuple]:
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# --- Reads -----------------------------------------------------------------------------------------
def gate_rows(event_id, checkpoint_id) -> list[tuple]:
    """(direction, is_active, zone id or None) for each zone of checkpoint `checkpoint_id` of
    event `event_id`; no row if there is no such checkpoint."""
    if not 0 <= checkpoint_id <= LARGEST_ID:
        return []
    return [(direction, bool(is_active), zone_id) for direction, is_active, zone_id in
            _rows(_db(), _gate_sql(), [checkpoint_id, event_id])]


@functools.cache
def _gate_sql():
    zones = Checkpoint._meta.get_field("zones")
    return (f"SELECT c.{_column(Checkpoint, 'direction')}, c.{_column(Checkpoint, 'is_active')}, "
            f"z.{_quote(zones.m2m_reverse_name())} FROM {_table(Checkpoint)} c "
            f"LEFT JOIN {_table(zones.remote_field.through)} z ON z.{_quote(zones.m2m_column_name())} = c.id "
            f"WHERE c.id = %s AND c.{_column(Checkpoint, 'event')} = %s")


# What a scan reads of the badge, in one query: the columns the validity judgement reads and those
# of the guard's summary, one row per zone of the badge (a badge without zones: one row without a zone).
BADGE_COLUMNS = ("id", *validity.BADGE_FIELDS)
GUEST_COLUMNS = ("id", *validity.GUEST_FIELDS, *(name for name in SUMMARY_FIELDS if "__" not in name))
DELEGATION_COLUMNS = ("id", *(name.split("__")[1] for name in SUMMARY_FIELDS if name.startswith("delegation__")))
ZONE_COLUMNS = ("id", "event", "code", "name", "colour", "bit")  # what validity.admit and the summary read


@functools.cache
def _badge_query():
    badge = _Columns(Badge, "b", BADGE_COLUMNS, 0)
    guest = _Columns(Guest, "g", GUEST_COLUMNS, badge.end)
    delegation = _Columns(Delegation, "d", DELEGATION_COLUMNS, guest.end)
    zone = _Columns(AccessZone, "z", ZONE_COLUMNS, delegation.end)
    policy = _Columns(ZonePolicy, "p", [field.name for field in ZonePolicy._meta.concrete_fields], zone.end)
    zones = Badge._meta.get_field("zones")
    sql = (f"SELECT {badge.sql}, {guest.sql}, {delegation.sql}, {zone.sql}, {policy.sql}, "
           f"k.{_column(EventSigningKey, 'public_key')} "
           f"FROM {_table(Badge)} b JOIN {_table(Guest)} g ON g.id = b.{_column(Badge, 'guest')} "
           f"LEFT JOIN {_table(Delegation)} d ON d.id = g.{_column(Guest, 'delegation')} "
           f"LEFT JOIN {_table(zones.remote_field.through)} bz ON bz.{_quote(zones.m2m_column_name())} = b.id "
           f"LEFT JOIN {_table(AccessZone)} z ON z.id = bz.{_quote(zones.m2m_reverse_name())} "
           f"LEFT JOIN {_table(ZonePolicy)} p ON p.{_column(ZonePolicy, 'zone')} = z.id "
           f"LEFT JOIN {_table(EventSigningKey)} k ON k.{_column(EventSigningKey, 'event')} = b.{_column(Badge, 'event')} "
           f"WHERE b.id = %s AND b.{_column(Badge, 'event')} = %s")
    return sql, badge, guest, delegation, zone, policy


def badge_on_file(event, badge_id):
    """The badge on file as badges.domain.validity judges it (see validity.badge_on_file): with its
    guest (the judgement's and the guest summary's columns; never passport data), delegation, the
    event's public key and its zones in bit order, each with its re-entry policy; None if the event
    has no such badge."""
    db = _db()
    sql, badge_columns, guest_columns, delegation_columns, zone_columns, policy_columns = _badge_query()
    rows = _rows(db, sql, [badge_id, event.pk])
    if not rows:
        return None
    zones = []
    for row in rows:
        zone = zone_columns.instance(db, row)
        if zone is not None:
            AccessZone.checkin_policy.related.set_cached_value(zone, policy_columns.instance(db, row))
            zones.append(zone)
    badge, guest = badge_columns.instance(db, rows[0]), guest_columns.instance(db, rows[0])
    Guest.delegation.field.set_cached_value(guest, delegation_columns.instance(db, rows[0]))
    Badge.guest.field.set_cached_value(badge, guest)
    badge.public_key, badge.zones_in_bit_order = rows[0][-1], sorted(zones, key=lambda zone: zone.bit)
    return badge


@functools.cache
def _presence_query(zones: int):
    columns = _Columns(ZonePresence, "zp", [field.name for field in ZonePresence._meta.concrete_fields], 0)
    sql = (f"SELECT {columns.sql} FROM {_table(ZonePresence)} zp WHERE zp.{_column(ZonePresence, 'guest')} = %s "
           f"AND zp.{_column(ZonePresence, 'zone')} IN ({', '.join(['%s'] * zones)}) "
           f"ORDER BY zp.{_column(ZonePresence, 'zone')}")
    if _db().features.has_select_for_update:
        sql += " FOR UPDATE"
    return sql, columns


def lock_presences(guest_id, zone_ids) -> dict:
    """The guest's presence rows on file for these zones, by zone id, locked until the end of the
    transaction (in zone order, so that two scans cannot deadlock)."""
    db = _db()
    sql, columns = _presence_query(len(zone_ids))
    presences = (columns.instance(db, row) for row in _rows(db, sql, [guest_id, *sorted(zone_ids)]))
    return {presence.zone_id: presence for presence in presences}


# --- Writes ----------------------------------------------------------------------------------------
@functools.cache
def _insert_sql(model, rows: int, returning: bool, update: tuple = (), unique: tuple = ()):
    db = _db()
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (f"INSERT INTO {_table(model)} ({', '.join(_quote(field.column) for field in fields)}) "
           f"VALUES {', '.join([placeholders] * rows)}")
    if update:
        sql += " " + db.ops.on_conflict_suffix_sql(
            fields, OnConflict.UPDATE, [model._meta.get_field(name).column for name in update],
            [model._meta.get_field(name).column for name in unique])
    if returning and db.features.can_return_columns_from_insert:
        sql += f" RETURNING {_quote(model._meta.pk.column)}"
    return sql, fields


def _params(db, instances, fields, add):
    return [field.get_db_prep_save(field.pre_save(instance, add), db) for instance in instances for field in fields]


def insert(*instances) -> None:
    """New rows of one model in one INSERT, their values as the ORM writes them (pre_save, then
    get_db_prep_save). A single row gets its id; a row refused by a unique constraint raises
    IntegrityError, as with the ORM."""
    db, model = _db(), type(instances[0])
    returning = len(instances) == 1
    sql, fields = _insert_sql(model, len(instances), returning)
    with db.cursor() as cursor:
        cursor.execute(sql, _params(db, instances, fields, True))
        if returning:
            instances[0].pk = cursor.fetchone()[0] if db.features.can_return_columns_from_insert else (
                db.ops.last_insert_id(cursor, model._meta.db_table, model._meta.pk.column))
    for instance in instances:
        instance._state.adding, instance._state.db = False, db.alias


PRESENCE_KEY = ("guest", "zone")  # ZonePresence's unique constraint


def update_presences(presences, names) -> None:
    """Presence rows on file (locked by lock_presences) with these fields written, in one statement
    however many they are: an INSERT … ON CONFLICT (guest, zone) DO UPDATE of `names`, the clause of
    the ORM's bulk_create(update_conflicts=True). Every row is on file, so every insert becomes the
    update of its row."""
    db = _db()
    sql, fields = _insert_sql(ZonePresence, len(presences), False, tuple(names), PRESENCE_KEY)
    with db.cursor() as cursor:
        cursor.execute(sql, _params(db, presences, fields, False))
