from .badge import Badge, BadgeStatus, RevocationEntry, default_validity
from .batch import BadgeBatch, BatchStatus
from .signing_key import EventSigningKey
from .template import BadgeSize, BadgeTemplate, Orientation, SheetLayout
from .zone import MAX_ZONES_PER_EVENT, AccessZone, NoFreeZoneBit

__all__ = [
    "MAX_ZONES_PER_EVENT",
    "AccessZone",
    "Badge",
    "BadgeBatch",
    "BadgeSize",
    "BadgeStatus",
    "BadgeTemplate",
    "BatchStatus",
    "EventSigningKey",
    "NoFreeZoneBit",
    "Orientation",
    "RevocationEntry",
    "SheetLayout",
    "default_validity",
]
