"""Reading an event's audit trail: the filters of the audit-log endpoint and its CSV, checked
here (a bad value is a ValueError naming the parameter, never a query that fails)."""
import datetime
import re

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from audit.models import ActorKind, AuditEntry
from events.models import Guest

OBJECT_TYPE = re.compile(r"[a-z_]{1,40}")
ACTION = re.compile(r"[a-z_]{1,40}(\.[a-z_]{0,40})?")
# The namespaces of the action codes the domain records.
NAMESPACES = frozenset({"event", "membership", "guest", "delegation", "item", "staff", "vehicle", "hotel", "hotelstay",
                        "badge", "batch", "feed", "scan", "zone", "checkpoint", "privacy", "accesszone",
                        "badgetemplate", "letter", "message", "export", "import", "portal"})
BIGGEST_ID = 2**63 - 1


class BadFilter(ValueError):
    def __init__(self, name, message):
        super().__init__(message)
        self.name = name


def _id(name, raw) -> int:
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= BIGGEST_ID:
        raise BadFilter(name, f"{name} is a positive whole number (an id).")
    return int(raw)


def _moment(name, raw, *, end=False) -> datetime.datetime:
    moment = parse_datetime(raw) if len(raw) <= 40 else None
    if moment is None:
        day = parse_date(raw) if len(raw) <= 10 and re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw) else None
        if day is None:
            raise BadFilter(name, f"{name} is a date (2025-10-31) or a time (2025-10-31T09:00:00+08:00).")
        moment = datetime.datetime.combine(day + datetime.timedelta(days=1) if end else day, datetime.time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _parse(raw, name, parser, **options):
    try:
        return parser(name, raw, **options)
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, BadFilter):
            raise
        raise BadFilter(name, f"{name} is not valid.") from None


def entries_of(event, params) -> "tuple[object, dict]":
    """The event's entries filtered by the query `params` (a QueryDict), newest first. Raises
    BadFilter (with the parameter's name) for a value that is not valid or names another event's guest."""
    queryset = AuditEntry.objects.filter(event_id=event.pk)
    applied = {}
    for name in ("object_type", "object_id", "guest", "actor", "action", "since", "until"):
        raw = params.get(name)
        if raw in (None, ""):
            continue
        if "\x00" in raw or len(raw) > 100:
            raise BadFilter(name, f"{name} is not valid.")
        applied[name] = raw
        if name == "object_type":
            if not OBJECT_TYPE.fullmatch(raw):
                raise BadFilter(name, "object_type is a lower-case type name such as guest, badge or scan.")
            queryset = queryset.filter(object_type=raw)
        elif name == "object_id":
            queryset = queryset.filter(object_id=_id(name, raw))
        elif name == "guest":
            guest_id = _id(name, raw)
            known = Guest.objects.filter(event=event, pk=guest_id).exists() or queryset.filter(guest_id=guest_id).exists()
            if not known:
                raise BadFilter(name, "No such guest in this event.")
            queryset = queryset.filter(guest_id=guest_id)
        elif name == "actor":
            kind, _, actor_id = raw.rpartition(":")
            kind = kind or ActorKind.USER
            if kind not in ActorKind.values or not actor_id or len(actor_id) > 64:
                raise BadFilter(name, "actor is kind:id (user:12, api_token:3, desk:5, task:badges.run_batch) "
                                      "or a user id.")
            queryset = queryset.filter(actor_kind=kind, actor_id=actor_id)
        elif name == "action":
            if not ACTION.fullmatch(raw) or raw.split(".")[0] not in NAMESPACES:
                raise BadFilter(name, f"Unknown action; actions start with one of: {', '.join(sorted(NAMESPACES))}.")
            queryset = queryset.filter(action__startswith=raw)
        elif name == "since":
            queryset = queryset.filter(created_at__gte=_parse(raw, name, _moment))
        else:
            queryset = queryset.filter(created_at__lt=_parse(raw, name, _moment, end=True))
    return queryset.order_by("-created_at", "-id"), applied


CSV_COLUMNS = ["created_at", "actor_kind", "actor_id", "actor_label", "action", "object_type", "object_id",
               "object_label", "guest_id", "changes", "details"]
