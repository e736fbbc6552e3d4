"""The itinerary booklet of a delegation: a PDF, in Chinese and a second language (the
delegation's, if it is English or Russian, otherwise English), with the day-by-day programme,
the places, the people, the hotels, and the liaison officer's and interpreter's contacts.

All text goes through core.typesetting, so names in any script are drawn with a font that has
them, shaped, in bidi order, and remain searchable and copyable. Internal notes never appear."""
from __future__ import annotations

import io
import re
from collections import defaultdict

from django.utils import dateformat, translation
from django.utils.translation import pgettext_lazy
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A5

from core.countries import country_name
from core.multilingual import localized
from core.typesetting import draw_line, fit_text, layout_line, new_canvas
from events.models import Guest

from ..domain.itineraries import delegation_itinerary
from ..domain.membership import current_head
from ..models import HotelStay

CHINESE = "zh-hans"
SECOND_LANGUAGES = ("en", "ru")

LABELS = {
    "title": pgettext_lazy("booklet", "Programme of the visit"),
    "contacts": pgettext_lazy("booklet", "Contacts"),
    "liaison": pgettext_lazy("booklet", "Liaison officer"),
    "interpreter": pgettext_lazy("booklet", "Interpreter"),
    "head": pgettext_lazy("booklet", "Head of delegation"),
    "members": pgettext_lazy("booklet", "Members of the delegation"),
    "hotels": pgettext_lazy("booklet", "Accommodation"),
    "room": pgettext_lazy("booklet", "room"),
    "flight": pgettext_lazy("booklet", "Flight"),
    "terminal": pgettext_lazy("booklet", "Terminal"),
    "vehicle": pgettext_lazy("booklet", "Vehicle"),
    "driver": pgettext_lazy("booklet", "Driver"),
    "tentative": pgettext_lazy("booklet", "tentative"),
    "notes": pgettext_lazy("booklet", "Notes"),
    "not_assigned": pgettext_lazy("booklet", "to be assigned"),
    "no_items": pgettext_lazy("booklet", "No programme yet"),
    "page": pgettext_lazy("booklet", "page {n}"),
}


def label(key: str, language: str) -> str:
    """A booklet word in one of its languages (catalogs in delegations/locale)."""
    with translation.override(language):
        return str(LABELS[key])


# A day's heading: a Django date format, translated per language in delegations/locale (e.g.
# "Y年n月j日 l", "j E Y г., l"); weekday and month names come from Django's own catalogs.
DAY_FORMAT = pgettext_lazy("booklet", "l, j F Y")

PAGE_WIDTH, PAGE_HEIGHT = A5
MARGIN = 36
TIME_COLUMN = 104
INK = HexColor("#1a1a1a")
MUTED = HexColor("#5f6368")
ACCENT = HexColor("#9b1c1c")
RULE = HexColor("#c8c8c8")


def booklet_languages(delegation, head=None) -> tuple[str, str]:
    """Chinese, then the delegation's language if English or Russian, else English. Without a
    language set on the delegation, the head's language decides."""
    language = delegation.language or (head.language if head is not None else "")
    return CHINESE, language if language in SECOND_LANGUAGES else "en"


def booklet_filename(delegation) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", delegation.name).strip("-").lower()[:60] or f"delegation-{delegation.pk}"
    return f"itinerary-{slug}.pdf"


def format_day(day, language) -> str:
    """The heading of a day in one language. A weekday inside the heading (not its first word) is
    written in lower case, as Russian writes it ("1 ноября 2023 г., среда")."""
    with translation.override(language):
        text = dateformat.format(day, str(DAY_FORMAT))
        weekday = dateformat.format(day, "l")
    if not text.startswith(weekday):
        text = text.replace(weekday, weekday.lower())
    return text


def format_times(entry, event_timezone) -> list[str]:
    """The entry's times on the local clocks. One line when it all happens in the event's zone."""
    start, end = entry.local_start, entry.local_end
    if entry.start_timezone == entry.end_timezone == event_timezone:
        text = start.strftime("%H:%M") if start == end else f"{start:%H:%M}–{end:%H:%M}"
        if end.date() != start.date():
            text += f" (+{(end.date() - start.date()).days})"
        return [text]
    lines = [f"{start:%H:%M} {_zone_label(entry.start_timezone, start)}"]
    if end != start:
        suffix = f" (+{(end.date() - start.date()).days})" if end.date() != start.date() else ""
        lines.append(f"→ {end:%H:%M} {_zone_label(entry.end_timezone, end)}{suffix}")
    return lines


def _zone_label(zone, moment) -> str:
    total = int(moment.utcoffset().total_seconds()) // 60
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total), 60)
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    return f"{city} UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def _pair(texts: dict, languages) -> list[str]:
    """The text in each language, once if they are the same."""
    lines = []
    for language in languages:
        text = localized(texts, language).strip()
        if text and text not in lines:
            lines.append(text)
    return lines


def _person(guest) -> str:
    latin = " ".join(p for p in (guest.honorific, guest.given_name, guest.family_name) if p)
    others = [name for name in (guest.chinese_name, guest.native_name) if name and name != latin]
    return latin + (f" · {' · '.join(others)}" if others else "")


def _phone(number) -> str:
    return number.replace(" ", "\u00a0")


def _staff_line(staff) -> str:
    parts = [staff.full_name]
    if staff.chinese_name:
        parts.append(staff.chinese_name)
    contact = " · ".join(part for part in (_phone(staff.phone), staff.email) if part)
    return " · ".join(parts) + (f"   {contact}" if contact else "")


_HAN = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff"
# A Han character (with the punctuation after it), a run of anything else up to a space, or spaces.
# Only the ASCII space breaks: a no-break space (used in phone numbers) keeps its words together.
_TOKENS = re.compile(f"[{_HAN}][ \u3000-\u303f\uff0c\uff1a\uff1b\uff09]*|[^ {_HAN}]+ *| +")


def wrap(text, width, size, *, max_lines=3, bold=False):
    """Greedy line breaking at spaces and between Han characters (punctuation stays with the
    character before it). Lines are core.typesetting Lines; the last one is ellipsized if cut."""
    text = re.sub(r"[ \t\r\n\v\f]+", " ", text).strip()
    lines, current = [], ""
    tokens = _TOKENS.findall(text)
    for index, token in enumerate(tokens):
        candidate = current + token
        if not current or layout_line(candidate.rstrip(), size, bold).width <= width:
            current = candidate
            continue
        lines.append(current.rstrip())
        current = token
        if len(lines) == max_lines - 1:
            current = "".join(tokens[index:])
            break
    if current.strip():
        lines.append(current.strip())
    result = []
    for line in lines:
        laid = layout_line(line, size, bold)
        if laid.width > width:  # one long word, or the rest of a text cut at max_lines
            fit = fit_text(line, width, size, size, max_lines=1, bold=bold)
            laid = fit.lines[0] if fit.lines else laid
        result.append(laid)
    return result


class _Writer:
    """A top-to-bottom cursor over pages; breaks pages as needed."""

    def __init__(self, buffer, title, footer, languages):
        self.canvas = new_canvas(buffer, pagesize=A5)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("Liaison")
        self.footer = footer
        self.languages = languages
        self.page = 1
        self.y = PAGE_HEIGHT - MARGIN

    def ensure(self, height):
        if self.y - height < MARGIN + 18:
            self.new_page()

    def new_page(self):
        self._draw_footer()
        self.canvas.showPage()
        self.page += 1
        self.y = PAGE_HEIGHT - MARGIN

    def _draw_footer(self):
        c = self.canvas
        c.setFillColor(MUTED)
        page = " / ".join(label("page", language).format(n=self.page) for language in self.languages)
        draw_line(c, layout_line(self.footer, 7), MARGIN, MARGIN - 6)
        draw_line(c, layout_line(page, 7), PAGE_WIDTH - MARGIN, MARGIN - 6, align="right")
        c.setFillColor(INK)

    def text(self, text, size=9, *, x=MARGIN, width=None, bold=False, color=INK, max_lines=3, leading=1.3, gap=0.0):
        """Text wrapped at the cursor (at most `max_lines`, the last one cut with an ellipsis);
        returns the height used."""
        width = width or (PAGE_WIDTH - MARGIN - x)
        if not text.strip():
            return 0
        lines = wrap(text, width, size, max_lines=max_lines, bold=bold)
        height = len(lines) * size * leading + gap
        self.ensure(height)
        self.canvas.setFillColor(color)
        for line in lines:
            self.y -= size * leading
            draw_line(self.canvas, line, x, self.y + size * (leading - 1))
        self.y -= gap
        self.canvas.setFillColor(INK)
        return height

    def rule(self, color=RULE, gap=4):
        self.ensure(gap * 2)
        self.y -= gap
        self.canvas.setStrokeColor(color)
        self.canvas.setLineWidth(0.5)
        self.canvas.line(MARGIN, self.y, PAGE_WIDTH - MARGIN, self.y)
        self.y -= gap

    def heading(self, texts, size=11, color=ACCENT):
        self.ensure(size * 4)
        self.y -= 4
        for text in texts:
            self.text(text, size, bold=True, color=color, max_lines=2)
        self.rule(color=color, gap=3)

    def finish(self):
        self._draw_footer()
        self.canvas.save()


def render_booklet(delegation) -> bytes:
    event = delegation.event
    members = list(Guest.objects.filter(delegation=delegation).order_by("family_name", "given_name", "id"))
    head_id = current_head(delegation, [m.pk for m in members])
    head = next((m for m in members if m.pk == head_id), None)
    languages = booklet_languages(delegation, head)
    entries = delegation_itinerary(delegation, include_cancelled=False)
    stays = list(
        HotelStay.objects.filter(guest__delegation=delegation).select_related("hotel", "guest").order_by("hotel_id", "check_in")
    )
    staff = [("liaison", delegation.liaison_officer), ("interpreter", delegation.interpreter)]

    buffer = io.BytesIO()
    event_names = _pair(event.name, languages)
    writer = _Writer(buffer, f"{delegation.name} — {' / '.join(label('title', lang) for lang in languages)}",
                     f"{event_names[0]} · {delegation.name}", languages)

    # Title block.
    for name in event_names:
        writer.text(name, 10, color=MUTED, max_lines=2)
    writer.y -= 4
    writer.text(delegation.name, 15, bold=True, max_lines=2)
    countries = " / ".join(dict.fromkeys(country_name(delegation.country, lang) for lang in languages))
    writer.text(countries, 10, color=MUTED)
    writer.y -= 2
    writer.text(" · ".join(label("title", lang) for lang in languages), 13, bold=True, color=ACCENT)
    writer.rule(color=ACCENT)

    # Contacts.
    writer.heading([" / ".join(label("contacts", lang) for lang in languages)], size=10)
    for key, person in staff:
        caption = " / ".join(label(key, lang) for lang in languages)
        writer.text(caption, 8, color=MUTED)
        if person is None:
            writer.text(" / ".join(label("not_assigned", lang) for lang in languages), 9, x=MARGIN + 10, gap=2)
        else:
            writer.text(_staff_line(person), 9, x=MARGIN + 10, gap=2, max_lines=2)

    # Members.
    writer.heading([" / ".join(label("members", lang) for lang in languages)], size=10)
    for member in ([head] if head else []) + [m for m in members if m is not head]:
        role = " / ".join(label("head", lang) for lang in languages) if member is head else member.delegation_role
        writer.text(_person(member), 9, bold=member is head, max_lines=2)
        details = " · ".join(p for p in (role, member.position) if p)
        if details:
            writer.text(details, 7.5, x=MARGIN + 10, color=MUTED, max_lines=2, gap=1)

    # Accommodation.
    if stays:
        writer.heading([" / ".join(label("hotels", lang) for lang in languages)], size=10)
        by_hotel = defaultdict(list)
        for stay in stays:
            by_hotel[stay.hotel].append(stay)
        for hotel, hotel_stays in by_hotel.items():
            writer.text(" · ".join(_pair(hotel.name, languages)), 9, bold=True, max_lines=2)
            writer.text(" · ".join(p for p in (hotel.address, _phone(hotel.phone)) if p), 7.5, color=MUTED, max_lines=2)
            for stay in hotel_stays:
                room = f"{'/'.join(label('room', lang) for lang in languages)} {stay.room_number}" if stay.room_number else ""
                line = f"{stay.guest.full_name} — {room} · {stay.check_in:%m-%d} → {stay.check_out:%m-%d}".replace("—  ·", "—")
                writer.text(line, 8, x=MARGIN + 10, max_lines=1)
            writer.y -= 3

    if delegation.public_notes.strip():
        writer.heading([" / ".join(label("notes", lang) for lang in languages)], size=10)
        writer.text(delegation.public_notes, 8.5, max_lines=8)

    # Day by day.
    writer.new_page()
    if not entries:
        writer.text(" / ".join(label("no_items", lang) for lang in languages), 11, color=MUTED)
    by_day = defaultdict(list)
    for entry in entries:
        by_day[entry.start.astimezone(event.tzinfo).date()].append(entry)
    for day in sorted(by_day):
        writer.ensure(90)
        writer.heading([format_day(day, lang) for lang in languages], size=11)
        for entry in by_day[day]:
            _draw_entry(writer, entry, event, delegation, languages)
    writer.finish()
    return buffer.getvalue()


def _draw_entry(writer, entry, event, delegation, languages):
    details = []
    titles = _pair(entry.title, languages)
    if entry.status == "tentative":
        titles[0] += f" ({' / '.join(label('tentative', lang) for lang in languages)})"
    if entry.venue is not None:
        details.append(" · ".join(_pair(entry.venue.name, languages)))
        if entry.venue.address:
            details.append(entry.venue.address)
    elif entry.location_text or entry.location_address:
        details.append(" · ".join(p for p in (entry.location_text, entry.location_address) if p))
    flight = []
    if entry.flight_number:
        flight.append(f"{'/'.join(label('flight', lang) for lang in languages)} {entry.flight_number}")
    if entry.terminal:
        flight.append(f"{'/'.join(label('terminal', lang) for lang in languages)} {entry.terminal}")
    if flight:
        details.append(" · ".join(flight))
    if entry.vehicle is not None:
        car = f"{'/'.join(label('vehicle', lang) for lang in languages)} {entry.vehicle.plate}"
        if entry.driver is not None:
            car += f" · {'/'.join(label('driver', lang) for lang in languages)} {entry.driver.full_name}" + (
                f" {_phone(entry.driver.phone)}" if entry.driver.phone else "")
        details.append(car)
    for key, person in (("liaison", entry.liaison_officer), ("interpreter", entry.interpreter)):
        if person is not None:
            # Someone other than the delegation's own officer: give the phone number too.
            own = person in (delegation.liaison_officer, delegation.interpreter)
            phone = f" {_phone(person.phone)}" if person.phone and not own else ""
            details.append(f"{'/'.join(label(key, lang) for lang in languages)}: {person.full_name}{phone}")
    descriptions = _pair(entry.description, languages)

    times = format_times(entry, event.timezone)
    estimated = 11 * (len(titles) + len(details) + len(descriptions)) + 8
    writer.ensure(min(estimated, 200))
    top, page = writer.y, writer.page
    # Time column on the left; the rest flows on the right.
    writer.canvas.setFillColor(ACCENT)
    for index, text in enumerate(times):
        fit = fit_text(text, TIME_COLUMN - 6, 9 if index == 0 and len(times) == 1 else 7.5, 6, max_lines=1, bold=True)
        for line in fit.lines:
            draw_line(writer.canvas, line, MARGIN, top - 10 - index * 10)
    writer.canvas.setFillColor(INK)
    x = MARGIN + TIME_COLUMN
    for index, title in enumerate(titles):
        writer.text(title, 10 if index == 0 else 9, x=x, max_lines=2)
    for line in details:
        writer.text(line, 7.5, x=x, color=MUTED, max_lines=2)
    for line in descriptions:
        writer.text(line, 7.5, x=x, max_lines=3)
    if writer.page == page:
        writer.y = min(writer.y, top - 10 * len(times) - 4)
    writer.y -= 6
