from .feed_token import FeedScope, FeedToken
from .feed_state import FeedState

__all__ = ["FeedScope", "FeedState", "FeedToken"]
