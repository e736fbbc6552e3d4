"""The world of the admin scoping tests (tests/test_admin_scoping*.py): two events, A and B, each with
one record of every model the admin shows, and staff users holding different roles in each."""
import datetime

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from badges.domain.issuing import issue_badge
from badges.domain.templates import get_default_template
from badges.models import BadgeBatch
from checkin.models import Checkpoint
from correspondence.domain.letters import issue_letter
from correspondence.domain.outbox import create_messages
from correspondence.models import EventMailSettings, Message
from delegations.models import ItineraryItem
from events.admin_scope import EventScopedAdmin
from events.domain import access
from events.models import EventMembership, GuestStatus, Role
from feeds.domain.tokens import create_feed
from portal.domain.focal_points import create_focal_point
from portal.models import Nomination
from tests import factories

pytestmark = pytest.mark.django_db


def populate(event, tag):
    """One record of every model registered in the admin, all in `event`."""
    now = timezone.now()
    venue = factories.make_venue(event, name={"en": f"Hall {tag}"})
    session = factories.make_session(event, venue=venue, title={"en": f"Session {tag}"})
    delegation = factories.DelegationFactory(event=event, name=f"Delegation {tag}", country="KZ")
    guest = factories.make_guest(event, family_name=f"GUEST{tag}", delegation=delegation)
    pending = factories.make_guest(event, family_name=f"PENDING{tag}", status=GuestStatus.REGISTERED)
    member = factories.make_member(event, Role.OWNER, username=f"member{tag}", is_staff=True)
    staff = factories.StaffFactory(event=event, full_name=f"Staff {tag}", role="liaison")
    vehicle = factories.VehicleFactory(event=event, plate=f"CAR-{tag}", capacity=4, driver=staff)
    item = factories.ItineraryItemFactory(
        event=event, kind="meeting", title={"en": f"Meeting {tag}"}, start=now, end=now + datetime.timedelta(hours=1),
        start_timezone="Asia/Shanghai", end_timezone="Asia/Shanghai", delegation=delegation, vehicle=vehicle,
    )
    item.guests.set([guest])
    hotel = factories.HotelFactory(event=event, name={"en": f"Hotel {tag}"})
    stay = factories.HotelStayFactory(hotel=hotel, guest=guest, room_number="101", check_in=datetime.date(2023, 10, 31),
                                      check_out=datetime.date(2023, 11, 2))
    zone = factories.AccessZoneFactory(event=event, code=f"ZONE{tag}", name={"en": f"Zone {tag}"})
    policy = factories.ZonePolicyFactory(zone=zone)
    template = get_default_template(event)
    badge, _ = issue_badge(guest, zones=[zone], valid_from=now - datetime.timedelta(days=1),
                           valid_until=now + datetime.timedelta(days=1))
    batch = factories.BadgeBatchFactory(event=event, template=template, guest_ids=[guest.pk])
    feed = create_feed(event=event, scope="delegation", language="en", target=delegation)
    checkpoint = factories.CheckpointFactory(event=event, name={"en": f"Gate {tag}"}, direction="entry")
    checkpoint.zones.set([zone])
    scan = factories.ScanFactory(event=event, checkpoint=checkpoint, nonce=f"n{tag}", direction="entry", result="ok",
                                 code_digest="d", scanned_at=now, guest=guest, badge=badge)
    presence = factories.ZonePresenceFactory(event=event, guest=guest, zone=zone, inside=True, entries=1)
    guest_import = factories.GuestImportFactory(event=event)
    message_template = factories.MessageTemplateFactory(event=event)
    mail_settings = EventMailSettings.objects.create(event=event, reply_to=f"office{tag.lower()}@example.org")
    message = Message.objects.get(run=create_messages(event=event, kind="invitation", selection={"guests": [guest.pk]}))
    letter = issue_letter(guest, "invitation")
    focal_point = create_focal_point(delegation, {"name": f"Focal {tag}", "email": f"focal{tag.lower()}@example.org"},
                                     base_url="http://testserver")
    nomination = Nomination.objects.create(guest=guest, focal_point=focal_point)
    return {
        "event": event, "venue": venue, "session": session, "delegation": delegation, "guest": guest,
        "pending": pending, "member": member, "membership": EventMembership.objects.get(event=event, user=member),
        "staff": staff, "vehicle": vehicle, "item": item, "hotel": hotel, "stay": stay, "zone": zone,
        "policy": policy, "template": template, "badge": badge, "batch": batch, "feed": feed,
        "checkpoint": checkpoint, "scan": scan, "presence": presence, "guest_import": guest_import,
        "message_template": message_template, "mail_settings": mail_settings, "message": message, "letter": letter,
        "focal_point": focal_point, "nomination": nomination,
    }


@pytest.fixture
def world():
    a = populate(factories.make_event(slug="event-a", name={"en": "Alpha Summit"}), "A")
    b = populate(factories.make_event(slug="event-b", name={"en": "Beta Forum"}), "B")
    hidden = factories.make_event(slug="event-c", name={"en": "Gamma Secret Meeting"})
    return {"A": a, "B": b, "C": hidden}


def staff_user(name, **roles):
    """A staff user with `roles` = {event: role}."""
    user = factories.make_user(name, is_staff=True)
    for event, role in roles.items():
        factories.MembershipFactory(event=event, user=user, role=role)
    return user


def viewer_of_a_owner_of_b(world, name):
    """A staff user who may only view event A and owns event B: the one who tries to reach A through B."""
    user = staff_user(name)
    factories.MembershipFactory(event=world["A"]["event"], user=user, role=Role.VIEWER)
    factories.MembershipFactory(event=world["B"]["event"], user=user, role=Role.OWNER)
    return user


def login(user):
    client = Client()
    client.force_login(user)
    return client


def rows_of(model, event):
    """Every column of every row of `model` in `event` (to prove nothing was written)."""
    model_admin = admin.site._registry.get(model)
    path = model_admin.event_path if isinstance(model_admin, EventScopedAdmin) else "event"
    rows = model._default_manager.filter(**{path: event.pk}).order_by("pk").values()
    return [dict(row) for row in rows]


def state_of(event):
    """The whole of one event as the database holds it, including M2M links."""
    state = {model._meta.label: rows_of(model, event) for model, model_admin in admin.site._registry.items()
             if isinstance(model_admin, EventScopedAdmin)}
    state["memberships"] = sorted(EventMembership.objects.filter(event=event).values_list("user_id", "role"))
    state["item_guests"] = sorted(ItineraryItem.guests.through.objects.filter(
        itineraryitem__event=event).values_list("itineraryitem_id", "guest_id"))
    state["checkpoint_zones"] = sorted(Checkpoint.zones.through.objects.filter(
        checkpoint__event=event).values_list("checkpoint_id", "accesszone_id"))
    state["badge_batches"] = BadgeBatch.objects.filter(event=event).count()
    return state


def scoped_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if isinstance(model_admin, EventScopedAdmin)]


def url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return request


def post_data_for(model_admin, obj):
    """What the admin's change form of `obj` would post back unchanged (rendered as a superuser
    sees it), with empty management forms for its inlines."""
    request = superuser_request()
    form = model_admin.get_form(request, obj, change=True)(instance=obj)
    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        context = bound.field.widget.get_context(bound.html_name, bound.value(), {}).get("widget", {})
        if bound.field.widget.is_hidden and bound.name == "id":
            continue
        if "subwidgets" in context and isinstance(bound.field.widget, forms.MultiWidget):
            for sub in context["subwidgets"]:
                data[sub["name"]] = sub["value"] or ""
            continue
        value = bound.value()
        if isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif value is None:
            data[bound.html_name] = ""
        else:
            data[bound.html_name] = context.get("value") if isinstance(context.get("value"), str) else str(value)
    for inline in model_admin.get_inline_instances(request, obj):
        prefix = inline.get_formset(request, obj).get_default_prefix()
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


# Who is who: (name, role in A, role in B), and what each may therefore do in A.
PROFILES = [
    ("owner_b_viewer_a", Role.VIEWER, Role.OWNER),
    ("owner_b_checkin_a", Role.CHECKIN, Role.OWNER),
    ("checkin_a_viewer_b", Role.CHECKIN, Role.VIEWER),
    ("registration_a_owner_b", Role.REGISTRATION, Role.OWNER),
    ("manager_a_owner_b", Role.MANAGER, Role.OWNER),
    ("protocol_a_owner_b", Role.PROTOCOL, Role.OWNER),
]


@pytest.fixture(params=PROFILES, ids=[p[0] for p in PROFILES])
def profile(request, world):
    name, role_a, role_b = request.param
    user = staff_user(name)
    factories.MembershipFactory(event=world["A"]["event"], user=user, role=role_a)
    factories.MembershipFactory(event=world["B"]["event"], user=user, role=role_b)
    return user, role_a, role_b


def may(role, right):
    return right in access.ROLE_RIGHTS[role]


# --- the reported hole and the specific cases ------------------------------------------------------------------------


def refused(response):
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:  # "… does not exist. Perhaps it was deleted?"
        return "/admin/" in response["Location"] and "change" not in response["Location"]
    context = response.context or {}
    form = context.get("adminform")
    return response.status_code == 200 and form is not None and bool(form.form.errors)




def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request




def event_pk_of(obj):
    for name in ("event_id",):
        if hasattr(obj, name):
            return getattr(obj, name)
    return obj.hotel.event_id if hasattr(obj, "hotel") else obj.zone.event_id


