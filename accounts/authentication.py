"""DRF authentication by API token: `Authorization: Token <key>`, the header clients always sent."""
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication, get_authorization_header

from .domain import throttle, tokens


class TokenRefusedFailure(exceptions.AuthenticationFailed):
    def __init__(self, refused: tokens.TokenRefused):
        super().__init__(refused.message)
        self.unknown = refused.unknown


class ApiTokenAuthentication(TokenAuthentication):
    """DRF's TokenAuthentication (same header, same parsing and answers), checked against the
    hashed keys of accounts.ApiToken. An address locked out for bad keys gets 429 for every
    token it sends (accounts.domain.throttle)."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        wait = throttle.token_wait(request)
        if wait:
            raise exceptions.Throttled(
                wait, detail=f"Too many invalid tokens from your address. Try again in {wait} seconds.")
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed as exc:
            if getattr(exc, "unknown", True):  # a malformed header or an unknown key: a guess
                throttle.count_bad_token(request)
            raise

    def authenticate_credentials(self, key):
        try:
            token = tokens.authenticate(key)
        except tokens.TokenRefused as refused:
            raise TokenRefusedFailure(refused) from None
        return token.user, token
