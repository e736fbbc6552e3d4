"""The statements of a scan, written in SQL, in two round trips inside the scan's transaction: one
reads the gate with its zones, the badge on file and the guest's presence rows in the gate's zones
(locked), the other writes the scan, the presence rows and the scan's audit entry. Every scan uses
them (the DRF scan view, the desk and the offline upload all go through
checkin.domain.scanning.scan()), and this is the one module outside migrations that writes SQL
(tests/test_architecture.py names it). It only reads and writes rows: the badge is judged by
badges.domain.validity, the gate's decision is taken in scanning, the audit entry is built by
audit.domain.

Why SQL and not the ORM (measured on the 2-core development machine, PostgreSQL, DEBUG off, CPU
time per request; in-process with the Django test client and bench.server_settings, and with
bench/checkin.py against gunicorn): through the ORM a scan cost 18.5–19.3 ms of CPU in-process
against 2.7–3.2 ms for the empty authenticated DRF endpoint, and gunicorn spent 15.95 ms per scan
(3.90 per empty request), so only 92 of the 200 scans/s the goal asks for were served. Nearly all of
it was Django building and compiling the same statements anew on every request (select_related
joins, only(), the inserts), not running them. Written here once per process, from the models' own
tables and columns, they cost a fraction of that.

Why two round trips and not one per statement: on PostgreSQL each round trip costs both sides about
0.1 ms of CPU whatever the statement (measured here with psycopg: six primary-key SELECTs one by one
cost the client 0.52–0.72 ms and the server 0.66–0.84 ms; the same six in one query string 0.11–0.14
and 0.19–0.23 ms). psycopg's client-side binding, Django's default, sends a query string with
several statements in one message (the simple query protocol) and returns one result per
statement; they run in order, in the scan's transaction, and the first error stops the rest. Other
databases (SQLite) get the same statements one by one.

Values pass through the models' fields both ways, as the ORM passes them: get_db_prep_save on the
way in, the backend's and the field's converters on the way out, and rows come back as model
instances (Model.from_db). Locks are the ORM's select_for_update: FOR UPDATE where the database
has it (SQLite has none: it lets one writer at a time anyway)."""
import dataclasses
import functools

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.postgresql.psycopg_any import is_psycopg3
from django.db.models.constants import OnConflict

from audit.models import AuditEntry
from badges.domain import validity
from badges.models import AccessZone, Badge, EventSigningKey
from checkin.models import Checkpoint, Scan, ZonePolicy, ZonePresence
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


def _together(db) -> bool:
    """Whether several statements can go to the server in one query string (see the docstring)."""
    return (db.vendor == "postgresql" and is_psycopg3
            and not db.settings_dict.get("OPTIONS", {}).get("server_side_binding"))


def _run(db, statements) -> list[list[tuple]]:
    """The rows of each (sql, params) statement, in order (no rows for one that returns none)."""
    with db.cursor() as cursor:
        if not _together(db):
            results = []
            for sql, params in statements:
                cursor.execute(sql, params)
                results.append(cursor.fetchall() if cursor.description else [])
            return results
        # Executed through Django's cursor (its wrappers count and log the statement); the results
        # are read from psycopg's own, where rownumber says whether a statement returned rows
        # without building the column descriptions (0.2 ms a scan for the badge's 45 columns).
        cursor.execute("; ".join(sql for sql, _ in statements), [value for _, params in statements for value in params])
        results, raw = [], cursor.cursor
        while True:
            results.append(raw.fetchall() if raw.rownumber is not None else [])
            if not raw.nextset():
                return results


def _an_id(value) -> bool:
    return isinstance(value, int) and 0 <= value <= LARGEST_ID


# --- Reads -----------------------------------------------------------------------------------------
@dataclasses.dataclass
class OnFile:
    """What a scan reads, in one round trip (read())."""

    gate_rows: list  # (direction, is_active, zone id or None) per zone of the checkpoint; none if there is no such checkpoint
    badge: Badge | None  # the badge on file, as validity.badge_on_file gives it; None if not asked or not there
    presences: dict  # the guest's presence rows on file in the gate's zones, by zone id, locked to the transaction's end


def read(event_id, checkpoint_id, badge_id=None) -> OnFile:
    """The checkpoint `checkpoint_id` of event `event_id` and, if `badge_id` is given, the badge on
    file with the presence rows of its guest in the checkpoint's zones, locked until the end of the
    transaction (in zone order, so that two scans cannot deadlock)."""
    db = _db()
    if not _an_id(checkpoint_id):
        checkpoint_id = 0  # no such row
    statements = [(_gate_sql(), [checkpoint_id, event_id])]
    if badge_id is not None:
        badge_id = badge_id if _an_id(badge_id) else 0
        badge, zones, presences = _badge_query().sql, _zones_query().sql, _presence_query()[0]
        statements += [(badge, [badge_id, event_id]), (zones, [badge_id, event_id]),
                       (presences, [badge_id, event_id, checkpoint_id, event_id])]
    results = _run(db, statements)
    gate_rows = [(direction, bool(is_active), zone_id) for direction, is_active, zone_id in results[0]]
    if badge_id is None:
        return OnFile(gate_rows, None, {})
    _, columns = _presence_query()
    presences = (columns.instance(db, row) for row in results[3])
    return OnFile(gate_rows, _badge(db, results[1], results[2]),
                  {presence.zone_id: presence for presence in presences})


@functools.cache
def _gate_sql():
    zones = Checkpoint._meta.get_field("zones")
    return (f"SELECT c.{_column(Checkpoint, 'direction')}, c.{_column(Checkpoint, 'is_active')}, "
            f"z.{_quote(zones.m2m_reverse_name())} FROM {_table(Checkpoint)} c "
            f"LEFT JOIN {_table(zones.remote_field.through)} z ON z.{_quote(zones.m2m_column_name())} = c.id "
            f"WHERE c.id = %s AND c.{_column(Checkpoint, 'event')} = %s")


# What a scan reads of the badge: the columns the validity judgement reads and those of the guard's summary.
BADGE_COLUMNS = ("id", *validity.BADGE_FIELDS)
GUEST_COLUMNS = ("id", *validity.GUEST_FIELDS, *(name for name in SUMMARY_FIELDS if "__" not in name))
DELEGATION_COLUMNS = ("id", *(name.split("__")[1] for name in SUMMARY_FIELDS if name.startswith("delegation__")))
ZONE_COLUMNS = ("id", "event", "code", "name", "colour", "bit")  # what validity.admit and the summary read


@dataclasses.dataclass(frozen=True)
class _Query:
    sql: str
    columns: tuple  # a _Columns per model, in the order of the SELECT


# Two statements rather than one join of seven tables: PostgreSQL planned the seven-table join in
# 0.84 ms (EXPLAIN's planning time, median of 30, on the bench's data), eight times what it then
# took to run; the badge's four tables plan in 0.29 ms and its zones' three in 0.15, in the same
# round trip. (Splitting further, the guest apart from the badge, saved 0.06 ms for one statement more.)
@functools.cache
def _badge_query() -> _Query:
    """The badge with its guest, its guest's delegation and the event's public key."""
    badge = _Columns(Badge, "b", BADGE_COLUMNS, 0)
    guest = _Columns(Guest, "g", GUEST_COLUMNS, badge.end)
    delegation = _Columns(Delegation, "d", DELEGATION_COLUMNS, guest.end)
    sql = (f"SELECT {badge.sql}, {guest.sql}, {delegation.sql}, k.{_column(EventSigningKey, 'public_key')} "
           f"FROM {_table(Badge)} b JOIN {_table(Guest)} g ON g.id = b.{_column(Badge, 'guest')} "
           f"LEFT JOIN {_table(Delegation)} d ON d.id = g.{_column(Guest, 'delegation')} "
           f"LEFT JOIN {_table(EventSigningKey)} k ON k.{_column(EventSigningKey, 'event')} = b.{_column(Badge, 'event')} "
           f"WHERE b.id = %s AND b.{_column(Badge, 'event')} = %s")
    return _Query(sql, (badge, guest, delegation))


@functools.cache
def _zones_query() -> _Query:
    """The zones the badge opens (of the badge's event), each with its re-entry policy."""
    zone = _Columns(AccessZone, "z", ZONE_COLUMNS, 0)
    policy = _Columns(ZonePolicy, "p", [field.name for field in ZonePolicy._meta.concrete_fields], zone.end)
    zones = Badge._meta.get_field("zones")
    sql = (f"SELECT {zone.sql}, {policy.sql} FROM {_table(zones.remote_field.through)} bz "
           f"JOIN {_table(AccessZone)} z ON z.id = bz.{_quote(zones.m2m_reverse_name())} "
           f"LEFT JOIN {_table(ZonePolicy)} p ON p.{_column(ZonePolicy, 'zone')} = z.id "
           f"WHERE bz.{_quote(zones.m2m_column_name())} = %s AND z.{_column(AccessZone, 'event')} = %s")
    return _Query(sql, (zone, policy))


def _badge(db, badge_rows, zone_rows):
    """The badge on file as badges.domain.validity judges it (see validity.badge_on_file): with its
    guest (the judgement's and the guest summary's columns; never passport data), delegation, the
    event's public key and its zones in bit order, each with its re-entry policy; None if there is no row."""
    if not badge_rows:
        return None
    badge_columns, guest_columns, delegation_columns = _badge_query().columns
    zone_columns, policy_columns = _zones_query().columns
    zones = []
    for row in zone_rows:
        zone = zone_columns.instance(db, row)
        AccessZone.checkin_policy.related.set_cached_value(zone, policy_columns.instance(db, row))
        zones.append(zone)
    row = badge_rows[0]
    badge, guest = badge_columns.instance(db, row), guest_columns.instance(db, row)
    Guest.delegation.field.set_cached_value(guest, delegation_columns.instance(db, row))
    Badge.guest.field.set_cached_value(badge, guest)
    badge.public_key, badge.zones_in_bit_order = row[-1], sorted(zones, key=lambda zone: zone.bit)
    return badge


@functools.cache
def _presence_query():
    """The presence rows of the badge's guest in the checkpoint's zones, locked in zone order."""
    columns = _Columns(ZonePresence, "zp", [field.name for field in ZonePresence._meta.concrete_fields], 0)
    zones = Checkpoint._meta.get_field("zones")
    sql = (f"SELECT {columns.sql} FROM {_table(ZonePresence)} zp "
           f"WHERE zp.{_column(ZonePresence, 'guest')} = (SELECT b.{_column(Badge, 'guest')} FROM {_table(Badge)} b "
           f"WHERE b.id = %s AND b.{_column(Badge, 'event')} = %s) "
           f"AND zp.{_column(ZonePresence, 'zone')} IN (SELECT cz.{_quote(zones.m2m_reverse_name())} "
           f"FROM {_table(zones.remote_field.through)} cz JOIN {_table(Checkpoint)} c "
           f"ON c.id = cz.{_quote(zones.m2m_column_name())} WHERE c.id = %s AND c.{_column(Checkpoint, 'event')} = %s) "
           f"ORDER BY zp.{_column(ZonePresence, 'zone')}")
    if _db().features.has_select_for_update:
        sql += " FOR UPDATE"
    return sql, columns


# --- Writes ----------------------------------------------------------------------------------------
PRESENCE_KEY = ("guest", "zone")  # ZonePresence's unique constraint
PRESENCE_FIELDS = ("inside", "entries", "first_entry_at", "last_entry_at", "last_exit_at", "last_checkpoint")


def write(scan: Scan, presences, entry: AuditEntry | None) -> None:
    """The scan's writes in one round trip: the scan (it gets its id), the presence rows (new ones
    inserted, those on file — locked by read() — with PRESENCE_FIELDS written, in one statement
    however many they are: the ORM's bulk_create(update_conflicts=True) clause) and the audit entry,
    whose object_id is the scan's id. The scan and the entry get their ids. A row refused by a
    unique constraint (the nonce used before, a presence row a concurrent scan inserted first)
    raises IntegrityError, as with the ORM, and nothing of the scan is written once the transaction
    rolls back."""
    db = _db()
    new = [presence for presence in presences if presence._state.adding]
    changed = [presence for presence in presences if not presence._state.adding]
    scan_sql, scan_fields = _insert_sql(Scan, 1, returning=True)
    statements = [(scan_sql, _params(db, [scan], scan_fields, True))]
    if new:
        sql, fields = _insert_sql(ZonePresence, len(new))
        statements.append((sql, _params(db, new, fields, True)))
    if changed:
        sql, fields = _insert_sql(ZonePresence, len(changed), update=PRESENCE_FIELDS, unique=PRESENCE_KEY)
        statements.append((sql, _params(db, changed, fields, False)))
    if entry is not None:
        sql, fields = _audit_insert_sql()
        statements.append((sql, [*_params(db, [entry], fields, True), scan.event_id, scan.nonce]))
    results = _run(db, statements)
    scan.pk = results[0][0][0]
    if entry is not None:
        entry.object_id, entry.pk = scan.pk, results[-1][0][0]
    for instance in (scan, *new, *changed, *([entry] if entry else [])):
        instance._state.adding, instance._state.db = False, db.alias


@functools.cache
def _insert_sql(model, rows: int, returning: bool = False, update: tuple = (), unique: tuple = (), computed: tuple = ()):
    """INSERT of `rows` rows of `model`: the SQL and the fields whose values it takes, row after row.
    `computed` holds (field name, SQL expression) pairs: columns the database computes, after the
    fields in each row (their parameters follow the row's). `returning` adds RETURNING the id: both
    databases Liaison runs on have it (PostgreSQL; SQLite from 3.35)."""
    db = _db()
    computed = dict(computed)
    fields = [field for field in model._meta.concrete_fields if not field.primary_key and field.name not in computed]
    columns = [field.column for field in fields] + [model._meta.get_field(name).column for name in computed]
    row = "(" + ", ".join(["%s"] * len(fields) + list(computed.values())) + ")"
    sql = f"INSERT INTO {_table(model)} ({', '.join(map(_quote, columns))}) VALUES {', '.join([row] * rows)}"
    if update:
        sql += " " + db.ops.on_conflict_suffix_sql(
            fields, OnConflict.UPDATE, [model._meta.get_field(name).column for name in update],
            [model._meta.get_field(name).column for name in unique])
    if returning:
        sql += f" RETURNING {_quote(model._meta.pk.column)}"
    return sql, fields


@functools.cache
def _audit_insert_sql():
    """An audit entry whose object_id is the id of the scan of (event, nonce), inserted before it."""
    scan_id = (f"(SELECT s.id FROM {_table(Scan)} s WHERE s.{_column(Scan, 'event')} = %s "
               f"AND s.{_column(Scan, 'nonce')} = %s)")
    return _insert_sql(AuditEntry, 1, returning=True, computed=(("object_id", scan_id),))


def _params(db, instances, fields, add):
    return [field.get_db_prep_save(field.pre_save(instance, add), db) for instance in instances for field in fields]
