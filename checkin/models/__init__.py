from .checkpoint import DEFAULT_REENTRY, Checkpoint, CheckpointDirection, Direction, Reentry, ZonePolicy
from .scan import Scan, ScanResult, ZonePresence

__all__ = ["DEFAULT_REENTRY", "Checkpoint", "CheckpointDirection", "Direction", "Reentry", "Scan", "ScanResult", "ZonePolicy", "ZonePresence"]
