"""The guest list and the delegation list as tables (spreadsheets.interfaces writes them).
Passport numbers and dates of birth are columns only for roles with view_passport; every export
is announced (signals.exported) so that the audit trail can record who took which list."""
from __future__ import annotations

from django.db import transaction
from django.db.models import Count

from audit import domain as audit
from core.countries import country_name
from delegations.domain.precedence import precedence_order
from delegations.models import Delegation
from events.models import Guest

from ..signals import exported
from .tables import DATE, DATETIME, NUMBER, Column, Table, word

GUEST_COLUMNS = {
    "family_name": Column("family_name"), "given_name": Column("given_name"), "native_name": Column("native_name"),
    "chinese_name": Column("chinese_name"), "honorific": Column("honorific"), "country": Column("country"),
    "category": Column("category"), "delegation": Column("delegation"), "delegation_role": Column("delegation_role"),
    "position": Column("position"), "organization": Column("organization"), "language": Column("language"),
    "email": Column("email"), "status": Column("status"), "passport_number": Column("passport_number"),
    "passport_expiry": Column("passport_expiry", DATE), "date_of_birth": Column("date_of_birth", DATE),
    "gender": Column("gender"), "arrival_flight": Column("arrival_flight"),
    "arrival_time": Column("arrival_time", DATETIME), "departure_flight": Column("departure_flight"),
    "departure_time": Column("departure_time", DATETIME), "dietary": Column("dietary"),
    "external_ref": Column("external_ref"),
}
DEFAULT_GUEST_COLUMNS = ("family_name", "given_name", "chinese_name", "country", "delegation", "category", "position",
                         "organization", "status")
PASSPORT_COLUMNS = frozenset({"passport_number", "date_of_birth"})
CHOICE_COLUMNS = {"category", "status", "gender"}


class ColumnsRefused(ValueError):
    """Columns that do not exist, or that need a right the user lacks."""

    def __init__(self, message, *, code="invalid"):
        super().__init__(message)
        self.code = code


def check_guest_columns(names, *, may_see_passport: bool) -> list[str]:
    names = list(dict.fromkeys(names or DEFAULT_GUEST_COLUMNS))
    unknown = [name for name in names if name not in GUEST_COLUMNS]
    if unknown:
        raise ColumnsRefused(f"Unknown column(s): {', '.join(n[:40] for n in unknown[:5])}; "
                             f"choose among {', '.join(GUEST_COLUMNS)}.")
    if PASSPORT_COLUMNS & set(names) and not may_see_passport:
        raise ColumnsRefused("Passport numbers and dates of birth need the right 'view_passport'.", code="forbidden")
    return names


def announce(event, kind, columns, by):
    audit.record(by, f"export.{kind}", event=event, object_type="export", object_label=kind,
                 details={"columns": list(columns)})
    transaction.on_commit(lambda: exported.send(sender=Table, event=event, kind=kind, columns=list(columns), by=by),
                          robust=True)


def guests_table(event, language, *, columns, filters=None, by=None) -> Table:
    """`columns` as check_guest_columns returned them; filters: status, category, delegation, country."""
    table = Table("guests", language, event.timezone, [GUEST_COLUMNS[name] for name in columns])
    guests = Guest.objects.filter(event=event, **(filters or {})).select_related("delegation")
    guests = guests.order_by("family_name", "given_name", "id")
    for guest in guests.iterator(chunk_size=1000):
        table.rows.append([_guest_value(table, guest, name) for name in columns])
    announce(event, "guests", columns, by)
    return table


def _guest_value(table, guest, name):
    if name == "country":
        return country_name(guest.country, table.language)
    if name == "delegation":
        return guest.delegation.name if guest.delegation_id else ""
    if name in CHOICE_COLUMNS:
        return word(getattr(guest, f"get_{name}_display")(), table.language) if getattr(guest, name) else ""
    if name in ("arrival_time", "departure_time"):
        return table.local(getattr(guest, name))
    return getattr(guest, name)


def person(staff, language="en") -> str:
    if staff is None:
        return ""
    if language == "zh-hans" and staff.chinese_name:
        return f"{staff.chinese_name} {staff.full_name}"
    return staff.full_name


def delegations_table(event, language, *, by=None) -> Table:
    names = ["position_in_order", "delegation", "country", "kind", "head", "size", "quota", "liaison_officer",
             "liaison_phone", "interpreter", "interpreter_phone"]
    table = Table("delegations", language, event.timezone,
                  [Column(name, NUMBER if name in ("position_in_order", "size", "quota") else "text") for name in names])
    delegations = (Delegation.objects.filter(event=event).select_related("head", "liaison_officer", "interpreter")
                   .annotate(size=Count("members")))
    order = precedence_order(event, delegations)
    for entry in order.entries:
        delegation = entry.delegation
        head = delegation.head
        table.rows.append([
            entry.position, delegation.name, country_name(delegation.country, language),
            word(delegation.get_kind_display(), language), head.full_name if head else "", delegation.size,
            delegation.quota, person(delegation.liaison_officer, language),
            delegation.liaison_officer.phone if delegation.liaison_officer else "",
            person(delegation.interpreter, language), delegation.interpreter.phone if delegation.interpreter else "",
        ])
    announce(event, "delegations", names, by)
    return table
