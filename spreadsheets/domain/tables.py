"""A list as the exporters write it: a title, columns (a key, a header word from the catalog, a
kind: text, date or datetime) and rows of plain values. Header words and every text of the lists
come from spreadsheets/locale, rendered in the language asked for."""
from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import pgettext_lazy

LANGUAGES = ("en", "zh-hans")
TEXT, DATE, DATETIME, NUMBER = "text", "date", "datetime", "number"

HEADERS = {
    "family_name": pgettext_lazy("spreadsheet", "Family name"),
    "given_name": pgettext_lazy("spreadsheet", "Given name"),
    "native_name": pgettext_lazy("spreadsheet", "Name in native script"),
    "chinese_name": pgettext_lazy("spreadsheet", "Chinese name"),
    "honorific": pgettext_lazy("spreadsheet", "Honorific"),
    "country": pgettext_lazy("spreadsheet", "Country"),
    "category": pgettext_lazy("spreadsheet", "Category"),
    "delegation": pgettext_lazy("spreadsheet", "Delegation"),
    "delegation_role": pgettext_lazy("spreadsheet", "Role in delegation"),
    "position": pgettext_lazy("spreadsheet", "Position"),
    "organization": pgettext_lazy("spreadsheet", "Organization"),
    "language": pgettext_lazy("spreadsheet", "Language"),
    "email": pgettext_lazy("spreadsheet", "E-mail"),
    "status": pgettext_lazy("spreadsheet", "Status"),
    "passport_number": pgettext_lazy("spreadsheet", "Passport number"),
    "passport_expiry": pgettext_lazy("spreadsheet", "Passport expiry"),
    "date_of_birth": pgettext_lazy("spreadsheet", "Date of birth"),
    "gender": pgettext_lazy("spreadsheet", "Gender"),
    "arrival_flight": pgettext_lazy("spreadsheet", "Arrival flight"),
    "arrival_time": pgettext_lazy("spreadsheet", "Arrival time"),
    "departure_flight": pgettext_lazy("spreadsheet", "Departure flight"),
    "departure_time": pgettext_lazy("spreadsheet", "Departure time"),
    "dietary": pgettext_lazy("spreadsheet", "Dietary requirements"),
    "external_ref": pgettext_lazy("spreadsheet", "External reference"),
    "position_in_order": pgettext_lazy("spreadsheet", "Order"),
    "kind": pgettext_lazy("spreadsheet", "Kind"),
    "head": pgettext_lazy("spreadsheet", "Head of delegation"),
    "size": pgettext_lazy("spreadsheet", "Members"),
    "quota": pgettext_lazy("spreadsheet", "Quota"),
    "liaison_officer": pgettext_lazy("spreadsheet", "Liaison officer"),
    "liaison_phone": pgettext_lazy("spreadsheet", "Liaison officer's phone"),
    "interpreter": pgettext_lazy("spreadsheet", "Interpreter"),
    "interpreter_phone": pgettext_lazy("spreadsheet", "Interpreter's phone"),
    "hotel": pgettext_lazy("spreadsheet", "Hotel"),
    "room": pgettext_lazy("spreadsheet", "Room"),
    "guest": pgettext_lazy("spreadsheet", "Guest"),
    "check_in": pgettext_lazy("spreadsheet", "Check-in"),
    "check_out": pgettext_lazy("spreadsheet", "Check-out"),
    "nights": pgettext_lazy("spreadsheet", "Nights"),
    "sharing": pgettext_lazy("spreadsheet", "Shares the room with"),
    "date": pgettext_lazy("spreadsheet", "Date"),
    "vehicle": pgettext_lazy("spreadsheet", "Vehicle"),
    "driver": pgettext_lazy("spreadsheet", "Driver"),
    "driver_phone": pgettext_lazy("spreadsheet", "Driver's phone"),
    "time": pgettext_lazy("spreadsheet", "Time"),
    "until": pgettext_lazy("spreadsheet", "Until"),
    "what": pgettext_lazy("spreadsheet", "What"),
    "from": pgettext_lazy("spreadsheet", "From"),
    "to": pgettext_lazy("spreadsheet", "To"),
    "flight": pgettext_lazy("spreadsheet", "Flight"),
    "terminal": pgettext_lazy("spreadsheet", "Terminal"),
    "passengers": pgettext_lazy("spreadsheet", "Passengers"),
    "count": pgettext_lazy("spreadsheet", "Number"),
    "greeter": pgettext_lazy("spreadsheet", "Greeter"),
    "greeter_phone": pgettext_lazy("spreadsheet", "Greeter's phone"),
    "guests": pgettext_lazy("spreadsheet", "Guests"),
}
TITLES = {
    "guests": pgettext_lazy("spreadsheet", "Guests"),
    "delegations": pgettext_lazy("spreadsheet", "Delegations"),
    "rooming-list": pgettext_lazy("spreadsheet", "Rooming list"),
    "transport-manifest": pgettext_lazy("spreadsheet", "Transport manifest"),
    "arrivals": pgettext_lazy("spreadsheet", "Arrivals"),
    "departures": pgettext_lazy("spreadsheet", "Departures"),
}


@dataclass
class Column:
    key: str
    kind: str = TEXT

    def header(self, language: str) -> str:
        with translation.override(language):
            return str(HEADERS[self.key])


@dataclass
class Table:
    kind: str
    language: str
    timezone: str
    columns: list
    rows: list = field(default_factory=list)
    groups: list = field(default_factory=list)  # for printed lists: (group title, first row, end row)

    @property
    def title(self) -> str:
        with translation.override(self.language):
            return str(TITLES[self.kind])

    def headers(self) -> list[str]:
        return [column.header(self.language) for column in self.columns]

    def local(self, moment: datetime.datetime | None) -> datetime.datetime | None:
        """An aware time as the event's local clock reads it (spreadsheets know no zones)."""
        if moment is None:
            return None
        return moment.astimezone(zoneinfo.ZoneInfo(self.timezone)).replace(tzinfo=None)


def word(text, language: str) -> str:
    """A catalog word (a choice label…) in `language`."""
    with translation.override(language):
        return str(text)
