from .feed_token import FeedScope, FeedToken

__all__ = ["FeedScope", "FeedToken"]
