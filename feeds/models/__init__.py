from .calendar_version import CalendarVersion
from .feed_token import FeedScope, FeedToken

__all__ = ["CalendarVersion", "FeedScope", "FeedToken"]
