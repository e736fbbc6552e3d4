"""The check-in desk: a web page for one gate, for a guard with a keyboard-wedge barcode scanner
(USB or Bluetooth scanners type the code and press Enter). The page calls the scan API with the
session; everything else (judgement, recording) happens there."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.csrf import ensure_csrf_cookie

from core.multilingual import localized
from core.pages import content_security_policy, with_policy
from events.domain import access

from .domain.messages import desk_words
from .models import Checkpoint, CheckpointDirection

LOGIN_URL = reverse_lazy("checkin-desk-login")

# The desk also shows photos the page makes itself (blob:).
DESK_CSP = content_security_policy(img_src="'self' data: blob:")
with_desk_csp = with_policy(DESK_CSP)


class DeskLoginView(auth_views.LoginView):
    template_name = "checkin/login.html"
    redirect_authenticated_user = True
    next_page = reverse_lazy("checkin-desk")


class DeskLogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("checkin-desk-login")


def _names(value):
    """(Chinese, English) of a multilingual name, without repeating the same text."""
    zh, en = localized(value, "zh-hans"), localized(value, "en")
    return zh, (en if en != zh else "")


def _event_for_desk(request, event_slug):
    event = access.get_event_for(request.user, event_slug)  # 404 for non-members
    if not access.has_right(request.user, event, access.CHECKIN):
        raise PermissionDenied("Your role in this event does not include check-in.")
    return event


@login_required(login_url=LOGIN_URL)
def choose_event(request):
    events = [e for e in access.events_visible_to(request.user).order_by("-start_date", "slug")
              if access.has_right(request.user, e, access.CHECKIN)]
    return render(request, "checkin/choose_event.html", {
        "events": [{"event": e, "names": _names(e.name)} for e in events],
    })


@login_required(login_url=LOGIN_URL)
def choose_checkpoint(request, event_slug):
    event = _event_for_desk(request, event_slug)
    checkpoints = Checkpoint.objects.filter(event=event, is_active=True).prefetch_related("zones").order_by("id")
    return render(request, "checkin/choose_checkpoint.html", {
        "event": event,
        "event_names": _names(event.name),
        "checkpoints": [{"checkpoint": c, "names": _names(c.name), "zones": list(c.zones.all())} for c in checkpoints],
    })


@ensure_csrf_cookie
@login_required(login_url=LOGIN_URL)
def scan_page(request, event_slug, checkpoint_id):
    event = _event_for_desk(request, event_slug)
    checkpoint = get_object_or_404(Checkpoint.objects.prefetch_related("zones"), event=event, pk=checkpoint_id,
                                   is_active=True)
    api = f"/api/v1/events/{event.slug}/checkin/"
    direction = checkpoint.direction if checkpoint.direction != CheckpointDirection.BOTH else "entry"
    return render(request, "checkin/scan.html", {
        "event": event,
        "event_names": _names(event.name),
        "checkpoint": checkpoint,
        "checkpoint_names": _names(checkpoint.name),
        "zones": [{"code": z.code, "names": _names(z.name), "colour": z.colour} for z in checkpoint.zones.all()],
        "both_ways": checkpoint.direction == CheckpointDirection.BOTH,
        "direction": direction,
        "scan_url": api + "scan/",
        "upload_url": api + "upload/",
        "keys_url": api + "keys/",
        "change_gate_url": reverse("checkin-desk-event", kwargs={"event_slug": event.slug}),
        "desk_words": desk_words(),
    })
