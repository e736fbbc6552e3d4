from .checkpoint import Checkpoint, CheckpointDirection, Direction, Reentry, ZonePolicy
from .scan import Scan, ScanResult, ZonePresence

__all__ = ["Checkpoint", "CheckpointDirection", "Direction", "Reentry", "Scan", "ScanResult", "ZonePolicy", "ZonePresence"]
