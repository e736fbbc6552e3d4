"""The portal's API answers only a portal session (the cookie the sign-in page sets), never an
organizer's token or admin session; writes need the CSRF token as on the pages."""
from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, CSRFCheck
from rest_framework.permissions import BasePermission

from ..models import PortalSession
from ..web import current_session


def enforce_csrf(request):
    """Django's CSRF check, as DRF's SessionAuthentication makes it."""
    check = CSRFCheck(lambda req: None)
    check.process_request(request._request)
    reason = check.process_view(request._request, None, (), {})
    if reason:
        raise exceptions.PermissionDenied(f"CSRF Failed: {reason}")


class PortalSessionAuthentication(BaseAuthentication):
    def authenticate(self, request):
        session = current_session(request._request)
        if session is None:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            enforce_csrf(request)
        return AnonymousUser(), session

    def authenticate_header(self, request):
        return 'Portal realm="focal points"'


class HasPortalSession(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, PortalSession)


class PortalSessionScheme(OpenApiAuthenticationExtension):
    target_class = PortalSessionAuthentication
    name = "portalSession"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "liaison_portal",
                "description": "The focal point's portal session, set by POST /api/v1/portal/sign-in/{token}/."}
