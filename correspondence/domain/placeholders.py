"""The one substitution of values into message texts: `{guest.family_name}`-style names, nothing else.

Templates are text written by users, so they are never executed: no Django template language, no
attribute lookups, no format specs. A placeholder is a name from PLACEHOLDERS between single braces;
`{{` and `}}` stand for literal braces; anything else in braces, or a lone brace, is an error that
names it. Values are plain text: escaped for the HTML body, and refused in headers if they hold a
line break."""
import html
import re

from core.countries import country_name
from core.multilingual import localized

from ..signals import link_wanted

PLACEHOLDERS = {
    "guest.honorific": "Mr, Ms, H.E., Dr…",
    "guest.family_name": "family name",
    "guest.given_name": "given name",
    "guest.full_name": "honorific, given and family name",
    "guest.chinese_name": "name in Chinese",
    "guest.native_name": "name in the guest's own script",
    "guest.position": "position",
    "guest.organization": "organization",
    "guest.country": "country, in the message's language",
    "delegation.name": "delegation",
    "event.name": "event name, in the message's language",
    "event.start_date": "first day of the event",
    "event.end_date": "last day of the event",
    "event.dates": "first to last day",
    "deadline": "the deadline given when the messages were made",
    "portal_link": "the guest's focal-point portal (empty until the portal exists)",
    "feed_link": "the guest's calendar feed (empty when the guest has none)",
}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\r\n]{0,80})\}|[{}]")


class PlaceholderError(ValueError):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems))


def problems_in(text: str) -> list[str]:
    """What is wrong with the placeholders of `text` (empty: nothing)."""
    problems = []
    for match in _TOKEN.finditer(text or ""):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        name = match.group(1)
        if name is None:
            problems.append(f"A lone '{token}' at position {match.start()}: write '{token * 2}' for a literal brace.")
        elif name.strip() not in PLACEHOLDERS:
            problems.append(f"Unknown placeholder {{{name}}}.")
    return problems


def substitute(text: str, values: dict, *, escape=False) -> str:
    """`text` with every placeholder replaced by its value (HTML-escaped with escape=True, as is
    the text around it). Call problems_in first: an unknown name here raises PlaceholderError."""
    out, position = [], 0
    quote = html.escape if escape else (lambda s: s)
    for match in _TOKEN.finditer(text or ""):
        out.append(quote(text[position:match.start()]))
        token, name = match.group(0), match.group(1)
        if token in ("{{", "}}"):
            out.append(token[0])
        elif name is None or name.strip() not in PLACEHOLDERS:
            raise PlaceholderError(problems_in(text))
        else:
            out.append(quote(values.get(name.strip(), "")))
        position = match.end()
    out.append(quote((text or "")[position:]))
    return "".join(out)


def format_date(day, language: str) -> str:
    if day is None:
        return ""
    if language.startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def _link(name, guest) -> str:
    """Links come from the apps that own them, as answers to the link_wanted signal, so this app
    needs no import of apps beside it; a link nobody answers for is empty."""
    return next((link for _receiver, link in link_wanted.send(sender=name, guest=guest) if link), "")


def used_in(*texts) -> set:
    """The placeholder names the texts use."""
    return {match.group(1).strip() for text in texts for match in _TOKEN.finditer(text or "") if match.group(1)}


def values_for(guest, language: str, context: dict | None = None, used: set | None = None) -> dict:
    """Every placeholder's value for one guest in one language (links, which cost queries, only if `used`
    is None or names them)."""
    context = context or {}
    event = guest.event
    full = " ".join(part for part in (guest.honorific, guest.given_name, guest.family_name) if part)
    start, end = format_date(event.start_date, language), format_date(event.end_date, language)
    return {
        "guest.honorific": guest.honorific,
        "guest.family_name": guest.family_name,
        "guest.given_name": guest.given_name,
        "guest.full_name": full,
        "guest.chinese_name": guest.chinese_name,
        "guest.native_name": guest.native_name,
        "guest.position": guest.position,
        "guest.organization": guest.organization,
        "guest.country": country_name(guest.country, language) if guest.country and (used is None or "guest.country" in used) else "",
        "delegation.name": guest.delegation.name if guest.delegation_id else "",
        "event.name": localized(event.name, language, event.default_language),
        "event.start_date": start,
        "event.end_date": end,
        "event.dates": start if start == end else f"{start} – {end}",
        "deadline": context.get("deadline_text", ""),
        "portal_link": _link("portal_link", guest) if used is None or "portal_link" in used else "",
        "feed_link": _link("feed_link", guest) if used is None or "feed_link" in used else "",
    }


RTL_LANGUAGES = {"ar", "fa", "he", "ur", "ps", "dv", "yi"}


def text_to_html(body_html_escaped: str, language: str) -> str:
    """Paragraphs from blank lines, line breaks from single ones (input already escaped)."""
    paragraphs = [p.strip("\n") for p in re.split(r"\n\s*\n", body_html_escaped.replace("\r\n", "\n")) if p.strip()]
    inner = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>\n" for p in paragraphs)
    direction = "rtl" if language in RTL_LANGUAGES else "ltr"
    return (f'<!DOCTYPE html>\n<html lang="{language}" dir="{direction}">'
            f'<body style="font-family: sans-serif; line-height: 1.5">\n{inner}</body></html>\n')
