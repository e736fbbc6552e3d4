from .api_token import ApiToken

__all__ = ["ApiToken"]
