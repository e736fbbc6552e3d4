"""The audit trail: who did what (audit.domain.record), told by every domain operation."""
from .actors import SYSTEM, Actor, as_actor, signed_in_user, user_of
from .diff import CHANGED, changes, created, is_sensitive
from .recording import pending, record, record_many, recording

__all__ = ["CHANGED", "SYSTEM", "Actor", "as_actor", "changes", "created", "is_sensitive", "pending", "record", "record_many",
           "recording", "signed_in_user", "user_of"]
