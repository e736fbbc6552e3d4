"""What the portal's pages and its API share: the session cookie, the language, refusals as answers."""
from django.conf import settings
from django.utils import translation

from .domain import access, nominations
from .domain.focal_points import LANGUAGE_CODES, portal_language
from .models import RTL_LANGUAGES

SESSION_COOKIE = "liaison_portal"
LANGUAGE_COOKIE = "liaison_portal_language"


def current_session(request):
    if not hasattr(request, "_portal_session"):
        request._portal_session = access.session_for(request.COOKIES.get(SESSION_COOKIE))
    return request._portal_session


def set_session_cookie(response, key):
    response.set_cookie(SESSION_COOKIE, key, max_age=access.session_hours() * 3600, httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE, path="/")


def clear_session_cookie(response):
    response.delete_cookie(SESSION_COOKIE, path="/", samesite="Lax")


def language_for(request, focal_point=None) -> str:
    """?lang=, else the language the focal point chose on a page, else theirs, else the browser's."""
    chosen = request.GET.get("lang") or request.COOKIES.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGE_CODES:
        return chosen
    if focal_point is not None:
        return focal_point.language
    return portal_language(translation.get_language_from_request(request))


def direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def base_url(request) -> str:
    return getattr(settings, "PORTAL_PUBLIC_URL", "") or request.build_absolute_uri("/").rstrip("/")


def save_member(focal_point, form, guest=None):
    """The nomination form saved through the domain: a new member (guest None) or `guest` changed.
    None when the form is not valid (its errors are the answer)."""
    if not form.is_valid():
        return None
    if guest is None:
        return nominations.nominate(focal_point, form.guest_values(), **form.upload())
    return nominations.edit(focal_point, guest, form.guest_values(), **form.upload())
