from .letter import Letter, LetterKind
from .message import Message, MessageAttachment, MessageState, SelectionRun
from .template import EventMailSettings, MessageKind, MessageTemplate

__all__ = [
    "EventMailSettings", "Letter", "LetterKind", "Message", "MessageAttachment", "MessageKind", "MessageState",
    "MessageTemplate", "SelectionRun",
]
