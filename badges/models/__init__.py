from .badge import Badge, BadgeStatus, RevocationEntry, default_validity
from .batch import BadgeBatch, BadgeBatchPart, BatchStatus, PartStatus
from .signing_key import EventSigningKey
from .template import BadgeSize, BadgeTemplate, Orientation, SheetLayout
from .zone import MAX_ZONES_PER_EVENT, AccessZone, NoFreeZoneBit

__all__ = [
    "MAX_ZONES_PER_EVENT",
    "AccessZone",
    "Badge",
    "BadgeBatch",
    "BadgeBatchPart",
    "BadgeSize",
    "BadgeStatus",
    "BadgeTemplate",
    "BatchStatus",
    "EventSigningKey",
    "NoFreeZoneBit",
    "Orientation",
    "PartStatus",
    "RevocationEntry",
    "SheetLayout",
    "default_validity",
]
