"""The day board: one lane per delegation (protocol order), vehicle or staff member, the day's
entries as blocks placed by time, the clashes with a reason a viewer may read. Pure computation on
office.domain.day.DayData (no queries here)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.countries import country_name
from core.multilingual import localized
from delegations.domain import conflicts
from delegations.domain.conflicts import Clash
from delegations.domain.itineraries import ItineraryEntry, merge

from .day import DayData

LANE_KINDS = ("delegations", "vehicles", "staff")
EARLIEST_HOUR, LATEST_HOUR = 6, 24  # the window shown, widened to whatever the day holds
MAX_REASONS_ON_HOVER = 3
MAX_LISTED_CLASHES = 200  # in the side list; the admin's list has them all

CLASH_LABELS = {
    conflicts.OVERLAP: gettext_lazy("Double booking"),
    conflicts.TRANSFER_TIME: gettext_lazy("Too little time to get there"),
    conflicts.VEHICLE_CAPACITY: gettext_lazy("Car too small"),
    conflicts.BEFORE_ARRIVAL: gettext_lazy("Before arrival"),
    conflicts.AFTER_DEPARTURE: gettext_lazy("After departure"),
    conflicts.OUTSIDE_EVENT: gettext_lazy("Outside the event's dates"),
}


@dataclass
class Block:
    entry: ItineraryEntry
    title: str
    left: float  # percent of the window
    width: float
    start_label: str
    end_label: str
    row: int = 0
    clashes: list = field(default_factory=list)  # ClashNote
    people: str = ""  # guest names (only for viewers who may see guests)

    @property
    def key(self) -> str:
        return f"{self.entry.source}-{self.entry.pk}"

    @property
    def reasons(self) -> str:
        """The clashes on hover: the first few in full."""
        shown = [f"{note.label}: {note.text}" for note in self.clashes[:MAX_REASONS_ON_HOVER]]
        if len(self.clashes) > MAX_REASONS_ON_HOVER:
            shown.append(_("… and %(n)d more (see the list)") % {"n": len(self.clashes) - MAX_REASONS_ON_HOVER})
        return "\n".join(shown)

    @property
    def css(self) -> str:
        return f"block kind-{self.entry.kind} status-{self.entry.status}" + (" clash" if self.clashes else "")

    @property
    def style(self) -> str:
        return f"left:{self.left:.3f}%;width:{self.width:.3f}%;top:calc({self.row} * var(--row))"

    @property
    def clash_numbers(self) -> str:
        return " ".join(str(note.number) for note in self.clashes)

    @property
    def hover(self) -> str:
        status = {"cancelled": _("cancelled"), "tentative": _("tentative")}.get(self.entry.status)
        lines = [f"{self.start_label}–{self.end_label} {self.title}" + (f" ({status})" if status else "")]
        return "\n".join(filter(None, [*lines, self.people, self.reasons]))


@dataclass
class Lane:
    key: str
    label: str
    detail: str
    obj: object = None
    entries: list[ItineraryEntry] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    rows: int = 1


@dataclass
class ClashNote:
    number: int
    code: str
    label: str
    text: str
    keys: list[str]  # the blocks it concerns
    delegations: set = field(default_factory=set)  # of the guests it names
    guests: bool = False  # whether it names guests
    staff: set = field(default_factory=set)
    vehicles: set = field(default_factory=set)

    def concerns(self, lane: Lane) -> bool:
        """Whether the block of one of its entries in `lane` shows it: a session all delegations attend
        clashes only in the lane of the delegation whose guest is double-booked."""
        kind, _, pk = lane.key.partition("-")
        if kind == "delegation" and self.guests:
            return int(pk) in self.delegations
        if kind == "staff" and self.staff:
            return int(pk) in self.staff
        if kind == "vehicle" and self.vehicles:
            return int(pk) in self.vehicles
        return True


@dataclass
class Board:
    data: DayData
    kind: str
    window_start: datetime.datetime
    window_end: datetime.datetime
    hours: list[tuple[str, float]]
    lanes: list[Lane]
    clashes: list[ClashNote]
    now_left: float | None

    @property
    def listed_clashes(self) -> list[ClashNote]:
        return self.clashes[:MAX_LISTED_CLASHES]

    @property
    def unlisted_clashes(self) -> int:
        return max(0, len(self.clashes) - MAX_LISTED_CLASHES)

    @property
    def hour_count(self) -> int:
        return len(self.hours) - 1

    @property
    def block_count(self) -> int:
        return sum(len(lane.blocks) for lane in self.lanes)


def _window(data: DayData) -> tuple[datetime.datetime, datetime.datetime]:
    tz = data.event.tzinfo
    first, last = EARLIEST_HOUR, LATEST_HOUR
    for entry in (*data.items, *data.sessions):
        start, end = max(entry.start, data.start).astimezone(tz), min(entry.end, data.end)
        first = min(first, start.hour)
        if end < data.end:
            end = end.astimezone(tz)
            last = max(last, end.hour + (1 if end.minute or end.second else 0))
    return data.start + datetime.timedelta(hours=first), data.start + datetime.timedelta(hours=last)


def _percent(moment, start, span, *, rounded=True) -> float:
    value = max(0.0, min(100.0, (moment - start).total_seconds() * 100 / span))
    return round(value, 3) if rounded else value


def _stack(blocks: list[Block]) -> int:
    """Blocks that overlap in time go on separate rows of the lane; the number of rows."""
    row_ends: list[float] = []
    for block in sorted(blocks, key=lambda b: (b.left, -b.width)):
        for index, end in enumerate(row_ends):
            if end <= block.left:
                block.row, row_ends[index] = index, block.left + block.width
                break
        else:
            block.row = len(row_ends)
            row_ends.append(block.left + block.width)
    return max(1, len(row_ends))


def staff_name(staff, show_guests: bool) -> str:
    """A staff member's name; one who is a guest (an embassy's interpreter) is a guest: no name for
    viewers who may not see guests."""
    if staff is None:
        return ""
    if staff.guest_id and not show_guests:
        return _("Guest staff member")
    return staff.full_name + (f" {staff.chinese_name}" if staff.chinese_name and staff.chinese_name != staff.full_name else "")


def _clash_notes(data: DayData, show_guests: bool, language: str) -> list[ClashNote]:
    entries = {("item", e.pk): e for e in data.items} | {("session", e.pk): e for e in data.sessions}
    names = {d.pk: d.name for d in data.delegations}
    notes = []
    for number, clash in enumerate(data.clashes, 1):
        keys = [f"item-{pk}" for pk in clash.items] + [f"session-{pk}" for pk in clash.sessions]
        notes.append(ClashNote(
            number, clash.code, str(CLASH_LABELS[clash.code]), clash_text(clash, data, entries, names, show_guests, language),
            keys, delegations={data.clash_guest_delegations.get(g) for g in clash.guests} - {None},
            guests=bool(clash.guests), staff=set(clash.staff), vehicles=set(clash.vehicles)))
    return notes


def clash_text(clash: Clash, data: DayData, entries, names, show_guests: bool, language: str) -> str:
    """The conflict check's own message for viewers who may see guests; for the others, the same
    facts without a guest's name: the entries, and whose — delegations, cars."""
    if show_guests:
        return clash.message
    tz = data.event.tzinfo
    parts = []
    for key in [("item", pk) for pk in clash.items] + [("session", pk) for pk in clash.sessions]:
        entry = entries.get(key)
        if entry is not None:
            parts.append(f"“{localized(entry.title, language)}” {entry.start.astimezone(tz):%H:%M}–{entry.end.astimezone(tz):%H:%M}")
    whose = sorted({names[d] for g in clash.guests if (d := data.clash_guest_delegations.get(g)) in names})
    if any(data.clash_guest_delegations.get(g) is None for g in clash.guests):
        whose.append(_("a guest without a delegation"))
    whose += [_("vehicle %(plate)s") % {"plate": v.plate} for v in _vehicles_of(clash, data)]
    return " · ".join(parts) + (f" ({', '.join(whose)})" if whose else "")


def _vehicles_of(clash, data):
    found = {}
    for entry in data.items:
        if entry.vehicle is not None and entry.vehicle.pk in clash.vehicles:
            found[entry.vehicle.pk] = entry.vehicle
    return list(found.values())


def _lanes_by_delegation(data: DayData, language: str) -> list[Lane]:
    country_language = "zh-hans" if language.startswith("zh") else "en"
    lanes = {d.pk: Lane(f"delegation-{d.pk}", d.name, country_name(d.country, country_language), d) for d in data.delegations}
    items_of = {pk: [] for pk in lanes}
    others = []
    for entry in data.items:
        ids = data.delegation_ids_of_item(entry) & lanes.keys()
        for pk in ids:
            items_of[pk].append(entry)
        if not ids:
            others.append(entry)
    sessions_of = {pk: [] for pk in lanes}
    for entry in data.sessions:
        for pk in data.attendance.get(entry.pk, ()):
            if pk in sessions_of:
                sessions_of[pk].append(entry)
    result = []
    for pk, lane in lanes.items():
        lane.entries = merge(items_of[pk], sessions_of[pk])  # a session with its own item shows once, as the item
        result.append(lane)
    if others:
        lane = Lane("others", _("Other items"), _("no delegation"))
        lane.entries = others
        result.append(lane)
    return result


def _lanes_by_vehicle(data: DayData) -> list[Lane]:
    entries = {}
    for entry in data.items:
        if entry.vehicle is not None:
            entries.setdefault(entry.vehicle.pk, []).append(entry)
    return [Lane(f"vehicle-{vehicle.pk}", vehicle.plate, " · ".join(
        p for p in (vehicle.description, _("%(n)d seats") % {"n": vehicle.capacity}) if p), vehicle,
        entries=entries.get(vehicle.pk, [])) for vehicle in data.vehicles]


def _lanes_by_staff(data: DayData, show_guests: bool) -> list[Lane]:
    entries = {}
    for entry in data.items:
        for pk in {s.pk for s in (entry.liaison_officer, entry.interpreter, entry.driver) if s is not None}:
            entries.setdefault(pk, []).append(entry)
    return [Lane(f"staff-{person.pk}", staff_name(person, show_guests), person.get_role_display(), person,
                 entries=entries.get(person.pk, [])) for person in data.staff]


def build_board(data: DayData, kind: str, *, show_guests: bool, language: str, now: datetime.datetime) -> Board:
    tz = data.event.tzinfo
    start, end = _window(data)
    span = (end - start).total_seconds()
    notes = _clash_notes(data, show_guests, language)
    notes_by_key = {}
    for note in notes:
        for key in note.keys:
            notes_by_key.setdefault(key, []).append(note)
    if kind == "vehicles":
        lanes = _lanes_by_vehicle(data)
    elif kind == "staff":
        lanes = _lanes_by_staff(data, show_guests)
    else:
        kind, lanes = "delegations", _lanes_by_delegation(data, language)
    for lane in lanes:
        for entry in lane.entries:
            left = _percent(entry.start, start, span, rounded=False)
            block = Block(
                entry=entry, title=localized(entry.title, language), left=round(left, 3),
                width=round(max(_percent(entry.end, start, span, rounded=False) - left, 0.0), 3),
                start_label=f"{entry.start.astimezone(tz):%H:%M}", end_label=f"{entry.end.astimezone(tz):%H:%M}",
            )
            block.clashes = [note for note in notes_by_key.get(block.key, []) if note.concerns(lane)]
            if show_guests and entry.source == "item":
                block.people = ", ".join(p.name for p in data.participants.get(entry.pk, ()))
            lane.blocks.append(block)
        lane.rows = _stack(lane.blocks)
    hours = []
    moment = start
    while moment <= end:
        label = "24:00" if moment == data.end else f"{moment.astimezone(tz):%H}:00"
        hours.append((label, _percent(moment, start, span)))
        moment += datetime.timedelta(hours=1)
    now_left = _percent(now, start, span) if start <= now <= end else None
    return Board(data, kind, start, end, hours, lanes, notes, now_left)
