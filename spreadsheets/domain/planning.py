"""The dry run of a guest list: what each row would do (create, update, unchanged, error) and every
problem at once, each with its row, column and message. It only reads: no guest, membership,
signal or e-mail comes of it. The commit runs the same plan again inside its transaction and
applies it only if it still says the same (its digest)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.crypto import blind_index
from events.domain.masking import mask_date, mask_passport
from events.models import Guest

from .headers import FIELDS, HEADER_SEARCH_ROWS, build_mapping, column_index, column_letter, header_score
from .reading import is_blank
from .values import CellError, parse_cell

REQUIRED = ("family_name", "country")
CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
SECRET_FIELDS = {"passport_number", "date_of_birth"}


MODEL_FIELDS = {name: Guest._meta.get_field(name) for name in FIELDS}


class TooManyRows(Exception):
    pass


@dataclass
class RowPlan:
    row: int
    action: str
    values: dict
    guest: Guest | None = None
    changes: list = field(default_factory=list)
    joins: bool = False

    def preview(self, columns: dict) -> dict:
        cells = {}
        for name, value in self.values.items():
            if name == "passport_number":
                value = mask_passport(value)
            elif name == "date_of_birth":
                value = mask_date(value)
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            cells[columns.get(name, name)] = value
        return {"row": self.row, "action": self.action, "guest": self.guest.pk if self.guest else None,
                "changes": self.changes, "cells": cells}


@dataclass
class Plan:
    header_row: int | None = None
    mapping: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def problem(self, row, column, message):
        self.problems.append({"row": row, "column": column, "message": str(message)})

    @property
    def counts(self) -> dict:
        counts = {CREATE: 0, UPDATE: 0, UNCHANGED: 0, ERROR: 0}
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def digest(self) -> str:
        text = "\n".join(f"{r.row}:{r.action}:{r.guest.pk if r.guest else ''}:{','.join(r.changes)}" for r in self.rows)
        return hashlib.sha256(text.encode()).hexdigest()

    def columns(self) -> dict:
        return {entry["field"]: entry["column"] for entry in self.mapping if entry["field"]}


def _find_header(rows, override):
    """(header row number, header cells, rows after it): the best-scoring of the first non-blank rows."""
    seen = []
    for number, row in rows:
        if not is_blank(row):
            seen.append((number, row))
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        return None, (), iter(())
    scored = [(header_score(row), -index) for index, (_, row) in enumerate(seen)]
    best = max(range(len(seen)), key=lambda index: scored[index])
    if scored[best][0] == 0 and override:
        best = 0
    number, header = seen[best]
    if scored[best][0] == 0 and not override:
        return None, (), iter(())

    def rest():
        yield from seen[best + 1:]
        yield from rows

    return number, header, rest()


class Planner:
    """Plans the rows of one sheet for `event` (and `delegation`, which new guests join)."""

    def __init__(self, event, *, delegation=None, mapping_override=None, max_rows=20_000, progress=None):
        self.event, self.delegation = event, delegation
        self.override = mapping_override or {}
        self.max_rows, self.progress = max_rows, progress
        self.plan = Plan()
        self._by_passport, self._by_ref = {}, {}
        self._seen_passports, self._seen_refs = {}, {}

    def _load_guests(self):
        for guest in Guest.objects.filter(event=self.event).select_related("delegation"):
            if guest.passport_index:
                self._by_passport.setdefault(guest.passport_index, guest)
            if guest.external_ref:
                self._by_ref.setdefault(guest.external_ref, guest)

    def _check_mapping(self, header_row):
        plan, seen = self.plan, {}
        for entry in plan.mapping:
            name = entry["field"]
            if not name:
                continue
            if name not in FIELDS:
                plan.problem(header_row, entry["column"], _("Unknown field in the mapping: %(field)s.") % {"field": name})
                entry["field"] = ""
            elif name in seen:
                plan.problem(header_row, entry["column"],
                             _("Column %(column)s is also headed %(field)s (as column %(first)s): duplicate header; "
                               "map one of them to another field or leave it out.")
                             % {"column": entry["column"], "field": name, "first": seen[name]})
                entry["field"] = ""
            else:
                seen[name] = entry["column"]
        for name in REQUIRED:
            if name not in seen:
                plan.problem(header_row, None, _("No column holds %(field)s; it is required.") % {"field": name})

    def run(self, rows) -> Plan:
        plan = self.plan
        header_row, header, data = _find_header(iter(rows), self.override)
        if header_row is None:
            plan.problem(None, None, _("No header row found: one of the first rows must name the columns "
                                       "(family name, country, passport number …)."))
            return plan
        plan.header_row = header_row
        plan.mapping = build_mapping(header, self.override)
        self._check_mapping(header_row)
        for entry in plan.mapping:
            if entry["header"] and not entry["field"] and not entry["given"]:
                plan.warnings.append({"row": header_row, "column": entry["column"],
                                      "message": _("Column “%(header)s” is not imported.") % {"header": entry["header"]}})
        if plan.problems:
            return plan
        self._load_guests()
        fields = {entry["field"]: column_index(entry["column"]) for entry in plan.mapping if entry["field"]}
        mapped = {column_index(entry["column"]) for entry in plan.mapping if entry["header"] or entry["given"]}
        flagged, count = set(), 0
        for number, row in data:
            if is_blank(row):
                continue
            count += 1
            if count > self.max_rows:
                raise TooManyRows(self.max_rows)
            for index, value in enumerate(row):
                if index not in mapped and index not in flagged and not is_blank((value,)):
                    flagged.add(index)
                    plan.problem(number, column_letter(index), _(
                        "This column has data but no header (merged header cells?): give it a header, or map it "
                        "in the mapping (an empty field leaves it out)."))
            plan.rows.append(self._plan_row(number, row, fields))
            if self.progress and count % 250 == 0:
                self.progress(count)
        self._apply_quota()
        return plan

    def _plan_row(self, number, row, fields) -> RowPlan:
        values, errors, columns = {}, [], self.plan.columns()
        for name, index in fields.items():
            value = row[index] if index < len(row) else None
            if is_blank((value,)):
                continue
            try:
                values[name] = parse_cell(name, value, zone=self.event.timezone)
            except CellError as exc:
                errors.append((name, str(exc)))
        failed = {name for name, _message in errors}
        for name in REQUIRED:
            if name not in values and name not in failed:
                errors.append((name, _("%(field)s is required and empty.") % {"field": name}))
        errors += self._model_errors(values, failed)
        guest = self._match(number, values, errors)
        plan = RowPlan(row=number, action=ERROR, values=values, guest=guest)
        if guest is not None:
            plan.changes = [name for name, value in values.items() if not _same(getattr(guest, name), value)]
        if self.delegation is not None and (guest is None or guest.delegation_id != self.delegation.pk):
            if guest is not None and guest.delegation_id:
                errors.append((None, _("%(name)s is already a member of the delegation “%(other)s”.")
                               % {"name": guest.full_name, "other": guest.delegation.name}))
            plan.joins = True
            if guest is not None:
                plan.changes.append("delegation")
        for name, message in errors:
            self.plan.problem(number, columns.get(name), message)
        if not errors:
            plan.action = CREATE if guest is None else (UPDATE if plan.changes else UNCHANGED)
        return plan

    def _model_errors(self, values, failed):
        """The guest model's own rules (lengths, e-mail, flight numbers, choices) for the values read."""
        errors = []
        for name, value in values.items():
            if name in failed:
                continue
            try:
                MODEL_FIELDS[name].clean(value, None)
            except ValidationError as exc:
                errors += [(name, message) for message in exc.messages]
        if len(values.get("passport_number", "")) > 32:
            errors.append(("passport_number", _("A passport number has at most 32 characters.")))
        return errors

    def _match(self, number, values, errors):
        """The existing guest this row describes (by external_ref, else passport number), and a
        problem if another row of the file describes the same one."""
        guest = None
        ref, passport = values.get("external_ref"), values.get("passport_number")
        if ref:
            first = self._seen_refs.setdefault(ref, number)
            if first != number:
                errors.append(("external_ref", _("The same reference is on row %(row)s.") % {"row": first}))
            guest = self._by_ref.get(ref)
        if passport:
            index = blind_index(passport, purpose="passport")
            first = self._seen_passports.setdefault(index, number)
            if first != number:
                errors.append(("passport_number", _("Duplicate passport number: also on row %(row)s.") % {"row": first}))
            by_passport = self._by_passport.get(index)
            if guest is None:
                guest = by_passport
            elif by_passport is not None and by_passport.pk != guest.pk:
                errors.append(("passport_number", _("This passport number is another guest's than the reference's.")))
        return guest

    def _apply_quota(self):
        delegation = self.delegation
        if delegation is None or delegation.quota is None:
            return
        room = delegation.quota - Guest.objects.filter(delegation=delegation).count()
        for row in self.plan.rows:
            if not row.joins or row.action == ERROR:
                continue
            if room <= 0:
                row.action = ERROR
                self.plan.problem(row.row, None, _("Quota exceeded: the delegation “%(name)s” has a quota of "
                                                   "%(quota)s members and no room for this guest.")
                                  % {"name": delegation.name, "quota": delegation.quota})
            room -= 1


def _same(current, new) -> bool:
    if current in (None, "") and new in (None, ""):
        return True
    return current == new


def plan_sheet(event, rows, **options) -> Plan:
    return Planner(event, **options).run(rows)
