from .event import Event, EventMembership, Role
from .guest import Guest, GuestCategory, GuestStatus
from .programme import ProgrammeSession, SessionKind, Venue

__all__ = [
    "Event",
    "EventMembership",
    "Guest",
    "GuestCategory",
    "GuestStatus",
    "ProgrammeSession",
    "Role",
    "SessionKind",
    "Venue",
]
