"""The scan service's database work, in plain SQL: one statement per step of a scan.

Why not the ORM: on a small server, building and compiling an ORM query costs a millisecond or
more, several times what PostgreSQL needs to run it, and a scan made a dozen of them. These few
statements run unchanged on PostgreSQL and SQLite (INSERT … ON CONFLICT … RETURNING needs SQLite
3.35); values go in and come out as the ORM would pass them. Decisions are not taken here: see
scanning.py."""
import dataclasses
import datetime
import json

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.dateparse import parse_date, parse_datetime

from badges.models import Badge
from checkin.models import DEFAULT_REENTRY, ZonePresence
from delegations.models import Delegation
from events.models import Guest

from .summary import GUEST_SUMMARY_FIELDS


@dataclasses.dataclass(frozen=True)
class HeldZone:
    """A zone a badge holds, with what a scan needs of it (and of its ZonePolicy)."""

    id: int
    code: str
    name: dict
    colour: str
    reentry: str


@dataclasses.dataclass(frozen=True)
class BadgeOnFile:
    """A badge with its guest (and the guest's delegation) cached, the event's public key and the
    badge's zones in bit order."""

    badge: Badge
    public_key: str | None
    zones: list[HeldZone]


# --- Cursors -------------------------------------------------------------------------------------
def statement_cursor():
    """Django's cursor; on PostgreSQL one whose statements are prepared once per connection.

    Django binds parameters on the client and never prepares, so PostgreSQL plans every statement
    anew, and planning the scan's joins costs it about ten times running them (0.6–1 ms against
    0.1 ms on a small server). A server-binding psycopg cursor with prepare=True makes PostgreSQL
    parse and plan each of these statements once per connection. For psycopg to prepare at all,
    the connection's prepare_threshold must not be None (Django's default, "never"); setting it
    changes nothing for Django's own cursors, which bind on the client and never prepare — unless
    OPTIONS turn on server_side_binding, and then OPTIONS decide prepare_threshold too."""
    db = connections[DEFAULT_DB_ALIAS]  # once: each attribute of django.db.connection is a thread-local look-up
    if db.vendor != "postgresql" or db.queries_logged:
        return db.cursor()  # when queries are logged (DEBUG, tests counting them), Django's cursor logs their SQL
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    if db.connection.prepare_threshold is None and db.settings_dict["OPTIONS"].get("server_side_binding") is not True:
        db.connection.prepare_threshold = 5
    with db.wrap_database_errors:
        return db.make_cursor(PreparingCursor(db.connection))


class PreparingCursor(psycopg.Cursor):
    """Binds parameters on the server and prepares every statement it runs."""

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


# --- Values in and out ---------------------------------------------------------------------------
def aware(value):
    """A datetime column as the ORM gives it: aware, UTC. (SQLite returns text or naive UTC.)"""
    if value is None:
        return None
    if isinstance(value, str):
        value = parse_datetime(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return value


def date(value):
    return parse_date(value) if isinstance(value, str) else value


def json_value(value):
    """A JSON column: PostgreSQL's jsonb comes back as text too (Django registers a text loader)."""
    return json.loads(value) if isinstance(value, str) else value


def db_values(values) -> list:
    """Parameters as the ORM would pass them (datetimes, JSON) to this database."""
    ops = connections[DEFAULT_DB_ALIAS].ops
    return [
        ops.adapt_datetimefield_value(value) if isinstance(value, datetime.datetime)
        else ops.adapt_json_value(value, None) if isinstance(value, (dict, list))
        else value
        for value in values
    ]


def instance(model, values: dict):
    """A model instance from column values by attname; the other fields are deferred, as .only()
    leaves them (read on first access)."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])


# --- Reads ---------------------------------------------------------------------------------------
def gate_zone_ids(checkpoint_id) -> frozenset[int]:
    with statement_cursor() as cursor:
        cursor.execute("SELECT accesszone_id FROM checkin_checkpoint_zones WHERE checkpoint_id = %s", [checkpoint_id])
        return frozenset(row[0] for row in cursor.fetchall())


BADGE_FIELDS = ("id", "event_id", "guest_id", "version", "status", "valid_from", "valid_until", "revoked_at")
ZONE_FIELDS = ("id", "code", "name", "colour")
BADGE_QUERY = f"""
    SELECT {", ".join(f"b.{name}" for name in BADGE_FIELDS)}, k.public_key,
           {", ".join(f"g.{name}" for name in GUEST_SUMMARY_FIELDS)}, d.name, d.country,
           {", ".join(f"z.{name}" for name in ZONE_FIELDS)}, p.reentry
    FROM badges_badge b
    JOIN events_guest g ON g.id = b.guest_id
    LEFT JOIN delegations_delegation d ON d.id = g.delegation_id
    LEFT JOIN badges_eventsigningkey k ON k.event_id = b.event_id
    LEFT JOIN badges_badge_zones bz ON bz.badge_id = b.id
    LEFT JOIN badges_accesszone z ON z.id = bz.accesszone_id
    LEFT JOIN checkin_zonepolicy p ON p.zone_id = z.id
    WHERE b.id = %s AND b.event_id = %s
    ORDER BY z.bit
"""


def load_badge(event_id, badge_id) -> BadgeOnFile | None:
    """The badge of this event with this id, or None: one query, one row per zone it holds. The
    guest's passport fields are not read."""
    with statement_cursor() as cursor:
        cursor.execute(BADGE_QUERY, [badge_id, event_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    first = rows[0]
    at = len(BADGE_FIELDS)
    badge_values = dict(zip(BADGE_FIELDS, first[:at]))
    public_key = first[at]
    guest_values = dict(zip(GUEST_SUMMARY_FIELDS, first[at + 1:at + 1 + len(GUEST_SUMMARY_FIELDS)]))
    at += 1 + len(GUEST_SUMMARY_FIELDS)
    delegation_name, delegation_country = first[at:at + 2]
    at += 2

    for name in ("valid_from", "valid_until", "revoked_at"):
        badge_values[name] = aware(badge_values[name])
    guest_values["status_changed_at"] = aware(guest_values["status_changed_at"])
    badge, guest = instance(Badge, badge_values), instance(Guest, guest_values)
    badge.guest = guest
    if guest.delegation_id is not None:
        guest.delegation = instance(Delegation, {"id": guest.delegation_id, "name": delegation_name,
                                                 "country": delegation_country})
    zones = [
        HeldZone(id=row[at], code=row[at + 1], name=json_value(row[at + 2]), colour=row[at + 3],
                 reentry=row[at + 4] or DEFAULT_REENTRY)
        for row in rows if row[at] is not None
    ]
    return BadgeOnFile(badge=badge, public_key=public_key, zones=zones)


def revocations(badge_id, version) -> list[tuple[str, datetime.datetime]]:
    """(kind, created_at) of the revocation entries that cover this version of the badge."""
    with statement_cursor() as cursor:
        cursor.execute("SELECT kind, created_at FROM badges_revocationentry WHERE badge_id = %s AND version >= %s",
                       [badge_id, version])
        return [(kind, aware(created_at)) for kind, created_at in cursor.fetchall()]


# --- Writes (inside the scan's transaction) ------------------------------------------------------
PRESENCE_FIELDS = ("id", "event_id", "guest_id", "zone_id", "inside", "entries", "first_entry_at", "last_entry_at",
                   "last_exit_at", "last_checkpoint_id")


def lock_presences(event_id, guest_id, zone_ids) -> list[ZonePresence]:
    """The guest's presence rows for these zones, created if missing and locked until the end of
    the transaction, in zone order — one statement. ON CONFLICT DO UPDATE (a no-op update) takes
    the row lock as SELECT … FOR UPDATE would: it waits for a concurrent scan of the same guest
    and zone to commit (its insert or its update) and returns the row as that scan left it.
    Locking in zone order keeps two scans from deadlocking."""
    zone_ids = sorted(zone_ids)
    if not zone_ids:
        return []
    new_rows = ", ".join(["(%s, %s, %s, %s, %s)"] * len(zone_ids))
    params = [value for zone_id in zone_ids for value in (event_id, guest_id, zone_id, False, 0)]
    with statement_cursor() as cursor:
        cursor.execute(
            f"INSERT INTO checkin_zonepresence (event_id, guest_id, zone_id, inside, entries) VALUES {new_rows} "
            "ON CONFLICT (guest_id, zone_id) DO UPDATE SET guest_id = excluded.guest_id "
            f"RETURNING {', '.join(PRESENCE_FIELDS)}",
            params,
        )
        rows = cursor.fetchall()
    presences = []
    for row in rows:
        values = dict(zip(PRESENCE_FIELDS, row))
        values["inside"] = bool(values["inside"])
        for name in ("first_entry_at", "last_entry_at", "last_exit_at"):
            values[name] = aware(values[name])
        presences.append(instance(ZonePresence, values))
    return sorted(presences, key=lambda presence: presence.zone_id)


def save_presence(presence: ZonePresence):
    with statement_cursor() as cursor:
        cursor.execute(
            "UPDATE checkin_zonepresence SET inside = %s, entries = %s, first_entry_at = %s, last_entry_at = %s, "
            "last_exit_at = %s, last_checkpoint_id = %s WHERE id = %s",
            db_values([presence.inside, presence.entries, presence.first_entry_at, presence.last_entry_at,
                       presence.last_exit_at, presence.last_checkpoint_id, presence.pk]),
        )


SCAN_COLUMNS = ("event_id", "checkpoint_id", "nonce", "direction", "result", "flags", "badge_id", "badge_version",
                "guest_id", "code_digest", "scanned_at", "received_at", "offline", "scanned_by_id", "response")
INSERT_SCAN = (f"INSERT INTO checkin_scan ({', '.join(SCAN_COLUMNS)}) "
               f"VALUES ({', '.join(['%s'] * len(SCAN_COLUMNS))}) RETURNING id")


def insert_scan(**columns) -> int:
    """Record a scan (every column of SCAN_COLUMNS); returns its id. A nonce already recorded for
    the event raises IntegrityError."""
    with statement_cursor() as cursor:
        cursor.execute(INSERT_SCAN, db_values(columns[name] for name in SCAN_COLUMNS))
        return cursor.fetchone()[0]
