"""The focal point's pages (/portal/): server-rendered, in the focal point's language (switchable),
usable on a phone. Every POST carries Django's CSRF token; the session is the portal's own cookie
(portal.web), never an organizer's login."""
import functools

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.pages import content_security_policy, with_policy

from .domain import access, nominations, overview
from .domain.errors import PortalRefusal
from .domain.focal_points import LANGUAGE_CODES
from .forms import NominationForm
from .models import PORTAL_LANGUAGES
from .web import LANGUAGE_COOKIE, clear_session_cookie, current_session, direction, language_for, save_member, set_session_cookie

PORTAL_CSP = content_security_policy(img_src="'self' data: blob:")


def _context(request, language, **extra):
    return {"language": language, "direction": direction(language), "languages": PORTAL_LANGUAGES,
            "next": request.get_full_path(), **extra}


def page(view):
    """Language, CSP, and refusals (deadline, quota, another delegation's id) as a page in the user's language."""
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        session = current_session(request)
        language = language_for(request, session.focal_point if session else None)
        with translation.override(language):
            try:
                response = view(request, session, language, *args, **kwargs)
            except PortalRefusal as refusal:
                response = render(request, "portal/refused.html", _context(request, language, refusal=refusal,
                                  session=session), status=refusal.status)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        return response
    return with_policy(PORTAL_CSP)(wrapped)


def signed_in(view):
    @functools.wraps(view)
    def wrapped(request, session, language, *args, **kwargs):
        if session is None:
            return render(request, "portal/signed_out.html", _context(request, language), status=401)
        return view(request, session, language, *args, **kwargs)
    return wrapped


def signed_in_form(view):
    """A signed-in page that shows a form (GET) and takes it (POST)."""
    return page(signed_in(require_http_methods(["GET", "HEAD", "POST"])(view)))


@page
@require_http_methods(["GET", "HEAD"])
def home(request, session, language):
    if session is None:
        return render(request, "portal/signed_out.html", _context(request, language))
    data = overview.overview(session.focal_point, language)
    return render(request, "portal/home.html", _context(request, language, session=session, data=data,
                                                        full=_full(session.focal_point.delegation, data)))


def _full(delegation, data):
    return delegation.quota is not None and data["delegation"]["members"] >= delegation.quota


@page
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in(request, session, language, token):
    """GET: a page with a button, nothing used (mail scanners open links). POST: the link used, signed in."""
    if request.method == "POST":
        state, focal_point, key = access.consume_link(token)
        if key is not None:
            response = HttpResponseRedirect(reverse("portal-home"))
            set_session_cookie(response, key)
            response.delete_cookie(LANGUAGE_COOKIE)
            return response
    else:
        state, link = access.inspect_link(token)
        focal_point = link.focal_point if link is not None and state == access.VALID else None
    if focal_point is not None and state == access.VALID:
        lang = language_for(request, focal_point)
        translation.activate(lang)  # inside page()'s override, which restores the language after
        return render(request, "portal/sign_in.html", _context(request, lang, focal_point=focal_point))
    return render(request, "portal/link_state.html", _context(request, language, state=state), status=410)


@page
@require_POST
def sign_out(request, session, language):
    if session is not None:
        access.sign_out(session)
    response = HttpResponseRedirect(reverse("portal-home"))
    clear_session_cookie(response)
    return response


@page
@require_POST
def choose_language(request, session, language):
    chosen = request.POST.get("language")
    target = request.POST.get("next") or reverse("portal-home")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = reverse("portal-home")
    response = HttpResponseRedirect(target)
    if chosen in LANGUAGE_CODES:
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 86400, samesite="Lax", httponly=True)
    return response


def _form_page(request, session, language, form, guest=None, status=200):
    return render(request, "portal/member_form.html", _context(request, language, session=session, form=form, guest=guest,
                                                               member=overview.member_data(guest) if guest else None),
                  status=status)


def _member_form(request, session, language, guest, saved):
    """The nomination form of a new member (guest None) or of `guest`: shown on GET, saved on POST
    (then `saved`, a message with the member's name, and back home)."""
    categories = nominations.categories_for(session.focal_point.delegation)
    editing = guest is not None
    if request.method != "POST":
        initial = NominationForm.shown_values(guest) if editing else None
        return _form_page(request, session, language, NominationForm(initial=initial, categories=categories,
                                                                      editing=editing), guest)
    form = NominationForm(request.POST, request.FILES, categories=categories, editing=editing)
    member = save_member(session.focal_point, form, guest)
    if member is None:
        return _form_page(request, session, language, form, guest, status=400)
    messages.success(request, saved % {"name": member.full_name})
    return HttpResponseRedirect(reverse("portal-home"))


@signed_in_form
def nominate(request, session, language):
    nominations.refuse_nominating(session.focal_point.delegation)
    return _member_form(request, session, language, None,
                        _("%(name)s is nominated. The protocol office will review the nomination."))


@signed_in_form
def edit(request, session, language, guest_id):
    guest = nominations.member(session.focal_point, guest_id)
    if request.method == "POST":
        nominations.refuse_after_deadline(session.focal_point.delegation)
    return _member_form(request, session, language, guest, _("The changes to %(name)s are saved."))


@signed_in_form
def withdraw(request, session, language, guest_id):
    guest = nominations.member(session.focal_point, guest_id)
    if request.method == "POST":
        nominations.withdraw(session.focal_point, guest)
        messages.success(request, _("%(name)s is withdrawn; the place is free again.") % {"name": guest.full_name})
        return HttpResponseRedirect(reverse("portal-home"))
    nominations.refuse_after_deadline(session.focal_point.delegation)
    return render(request, "portal/withdraw.html", _context(request, language, session=session, guest=guest))


@page
@signed_in
@require_http_methods(["GET", "HEAD"])
def photo(request, session, language, guest_id):
    guest = nominations.member(session.focal_point, guest_id)
    if not guest.photo:
        raise Http404
    response = FileResponse(guest.photo.open("rb"), content_type="image/png" if guest.photo.name.endswith(".png") else "image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response



