"""The protocol office's pages (/office/): the event dashboard, the day board and its print-out.
Server-rendered; the rights are the API's (events.domain.access): any member of an event sees its
board, guest names need view_guests. Another event's slug, an unknown day or a day outside the event
answer the same 404 as a missing event."""
from urllib.parse import urlencode

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from core.multilingual import localized
from core.pages import content_security_policy, with_policy
from delegations.models import ItineraryItem
from events.domain import access

from .domain.board import LANE_KINDS, build_board
from .domain.dashboard import dashboard
from .domain.day import default_day, event_days, load_day, parse_day
from .domain.movements import day_movements
from .interfaces.run_of_show import render_run_of_show, run_of_show_filename

LOGIN_URL = reverse_lazy("office-login")
REFRESH_SECONDS = 60

OFFICE_CSP = content_security_policy()
with_office_csp = with_policy(OFFICE_CSP)


class OfficeLoginView(auth_views.LoginView):
    template_name = "office/login.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("office")


class OfficeLogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("office-login")


def _language():
    return translation.get_language() or "en"


def _event_context(request, event, **extra):
    language = _language()
    rights = access.rights_for(request.user, event)
    return {
        "event": event, "event_name": localized(event.name, language, event.default_language),
        "may_see_guests": access.VIEW_GUESTS in rights, "days": event_days(event),
        "language": language, **extra,
    }


def admin_list(model_path: str, event, query: dict) -> str:
    app, model = model_path.split(".")
    return reverse(f"admin:{app}_{model}_changelist") + "?" + urlencode({"event__id__exact": event.pk, **query})


@require_safe
@login_required(login_url=LOGIN_URL)
def choose_event(request):
    events = access.events_visible_to(request.user).order_by("-start_date", "slug")
    language = _language()
    return render(request, "office/events.html", {
        "events": [{"event": e, "name": localized(e.name, language, e.default_language)} for e in events],
    })


@require_safe
@login_required(login_url=LOGIN_URL)
def event_dashboard(request, event_slug):
    event = access.get_event_for(request.user, event_slug)
    figures = dashboard(event, request.user, now=timezone.now(), language=_language())

    def linked(figures, model_path):
        return [{"figure": f, "url": admin_list(model_path, event, f.query)} for f in figures or ()]

    api = f"/api/v1/events/{event.slug}/"
    return render(request, "office/dashboard.html", _event_context(request, event, **{
        "dashboard": figures,
        "guests_by_status": linked(figures.guests_by_status, "events.guest"),
        "guests_by_category": linked(figures.guests_by_category, "events.guest"),
        "guests_by_country": linked(figures.guests_by_country, "events.guest"),
        "delegations": [{"figure": f, "url": reverse("admin:delegations_delegation_change", args=[f.key])}
                        for f in figures.delegations or ()],
        "badges": linked(figures.badges, "badges.badge"),
        "checkins": linked(figures.checkins, "checkin.scan"),
        "guests_url": admin_list("events.guest", event, {}),
        "delegations_url": admin_list("delegations.delegation", event, {}),
        "conflicts_url": admin_list("delegations.itineraryitem", event, {"conflicts": "yes"}),
        "api": {"guests": api + "guests/", "delegations": api + "delegations/", "badges": api + "badges/",
                "conflicts": api + "conflicts/", "hourly": api + "checkin/attendance/hourly/"},
    }))


@require_safe
@login_required(login_url=LOGIN_URL)
def today(request, event_slug):
    event = access.get_event_for(request.user, event_slug)
    day = default_day(event, timezone.now())
    return redirect("office-day", event_slug=event.slug, day=day.isoformat())


def _admin_change_urls():
    """entry → its admin change page; reverse() once per kind, not once per block."""
    patterns = {source: reverse(name, args=[0]).replace("/0/", "/{}/")
                for source, name in (("item", "admin:delegations_itineraryitem_change"),
                                     ("session", "admin:events_programmesession_change"))}
    return lambda entry: patterns[entry.source].format(entry.pk)


def _lane_kind(request):
    kind = request.GET.get("lanes", "delegations")
    return kind if kind in LANE_KINDS else "delegations"


@require_safe
@login_required(login_url=LOGIN_URL)
def day_board(request, event_slug, day):
    event = access.get_event_for(request.user, event_slug)
    day = parse_day(event, day)
    kind = _lane_kind(request)
    show_guests = access.has_right(request.user, event, access.VIEW_GUESTS)
    data = load_day(event, day, vehicles=kind == "vehicles", staff=kind == "staff")
    now = timezone.now()
    board = build_board(data, kind, show_guests=show_guests, language=_language(), now=now)
    change_url = _admin_change_urls()
    for lane in board.lanes:
        for block in lane.blocks:
            block.admin_url = change_url(block.entry)
    days = event_days(event)
    index = days.index(day)
    return render(request, "office/day.html", _event_context(request, event, **{
        "board": board, "day": day, "kind": kind, "kinds": ItineraryItem.Kind.choices,
        "movements": day_movements(data, show_guests=show_guests),
        "previous_day": days[index - 1] if index else None,
        "next_day": days[index + 1] if index + 1 < len(days) else None,
        "refresh_seconds": REFRESH_SECONDS, "now": now.astimezone(event.tzinfo),
        "conflicts_url": admin_list("delegations.itineraryitem", event, {"conflicts": "yes"}),
        "timezone_name": event.timezone,
    }))


@require_safe
@login_required(login_url=LOGIN_URL)
def day_print(request, event_slug, day):
    """The day's run of show, A3 landscape (office.interfaces.run_of_show)."""
    event = access.get_event_for(request.user, event_slug)
    day = parse_day(event, day)
    show_guests = access.has_right(request.user, event, access.VIEW_GUESTS)
    pdf = render_run_of_show(load_day(event, day), show_guests=show_guests, language=_language(), now=timezone.now())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{run_of_show_filename(event, day)}"'
    return response
