"""Issue 9, item 1: the admin is scoped per event *and* per right.

Two events, A and B, each with one record of every model the admin shows. Staff users hold
different roles in each. Whatever they post to any admin URL (add, change, delete, bulk actions,
autocomplete), nothing of A is written where their role in A lacks the right, and no list shows a
record of A where their role in A lacks the list's right."""
import datetime

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from events.admin_scope import EventScopedAdmin
from badges.domain.issuing import issue_badge
from badges.domain.templates import get_default_template
from badges.models import AccessZone, BadgeBatch
from checkin.models import Checkpoint, Scan, ZonePolicy, ZonePresence
from delegations.models import Delegation, Hotel, HotelStay, ItineraryItem, Staff, Vehicle
from events.domain import access
from events.models import Event, EventMembership, Guest, GuestStatus, Role
from feeds.domain.tokens import create_feed
from tests import factories

pytestmark = pytest.mark.django_db


def populate(event, tag):
    """One record of every model registered in the admin, all in `event`."""
    now = timezone.now()
    venue = factories.make_venue(event, name={"en": f"Hall {tag}"})
    session = factories.make_session(event, venue=venue, title={"en": f"Session {tag}"})
    delegation = Delegation.objects.create(event=event, name=f"Delegation {tag}", country="KZ")
    guest = factories.make_guest(event, family_name=f"GUEST{tag}", delegation=delegation)
    pending = factories.make_guest(event, family_name=f"PENDING{tag}", status=GuestStatus.REGISTERED)
    member = factories.make_member(event, Role.OWNER, username=f"member{tag}", is_staff=True)
    staff = Staff.objects.create(event=event, full_name=f"Staff {tag}", role="liaison")
    vehicle = Vehicle.objects.create(event=event, plate=f"CAR-{tag}", capacity=4, driver=staff)
    item = ItineraryItem.objects.create(
        event=event, kind="meeting", title={"en": f"Meeting {tag}"}, start=now, end=now + datetime.timedelta(hours=1),
        start_timezone="Asia/Shanghai", end_timezone="Asia/Shanghai", delegation=delegation, vehicle=vehicle,
    )
    item.guests.set([guest])
    hotel = Hotel.objects.create(event=event, name={"en": f"Hotel {tag}"})
    stay = HotelStay.objects.create(hotel=hotel, guest=guest, room_number="101", check_in=datetime.date(2023, 10, 31),
                                    check_out=datetime.date(2023, 11, 2))
    zone = AccessZone.objects.create(event=event, code=f"ZONE{tag}", name={"en": f"Zone {tag}"})
    policy = ZonePolicy.objects.create(zone=zone)
    template = get_default_template(event)
    badge, _ = issue_badge(guest, zones=[zone], valid_from=now - datetime.timedelta(days=1),
                           valid_until=now + datetime.timedelta(days=1))
    batch = BadgeBatch.objects.create(event=event, template=template, guest_ids=[guest.pk])
    feed = create_feed(event=event, scope="delegation", language="en", target=delegation)
    checkpoint = Checkpoint.objects.create(event=event, name={"en": f"Gate {tag}"}, direction="entry")
    checkpoint.zones.set([zone])
    scan = Scan.objects.create(event=event, checkpoint=checkpoint, nonce=f"n{tag}", direction="entry", result="ok",
                               code_digest="d", scanned_at=now, guest=guest, badge=badge)
    presence = ZonePresence.objects.create(event=event, guest=guest, zone=zone, inside=True, entries=1)
    return {
        "event": event, "venue": venue, "session": session, "delegation": delegation, "guest": guest,
        "pending": pending, "member": member, "membership": EventMembership.objects.get(event=event, user=member),
        "staff": staff, "vehicle": vehicle, "item": item, "hotel": hotel, "stay": stay, "zone": zone,
        "policy": policy, "template": template, "badge": badge, "batch": batch, "feed": feed,
        "checkpoint": checkpoint, "scan": scan, "presence": presence,
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
        EventMembership.objects.create(event=event, user=user, role=role)
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
    EventMembership.objects.create(event=world["A"]["event"], user=user, role=role_a)
    EventMembership.objects.create(event=world["B"]["event"], user=user, role=role_b)
    return user, role_a, role_b


def may(role, right):
    return right in access.ROLE_RIGHTS[role]


# --- the reported hole and the specific cases ------------------------------------------------------------------------

def test_owner_of_b_cannot_make_anyone_owner_of_a_through_the_membership_admin(world):
    a, b = world["A"]["event"], world["B"]["event"]
    attacker = staff_user("attacker")
    EventMembership.objects.create(event=a, user=attacker, role=Role.VIEWER)
    EventMembership.objects.create(event=b, user=attacker, role=Role.OWNER)
    accomplice = factories.make_user("accomplice")
    client = login(attacker)
    add = url(EventMembership, "add")
    before = state_of(a)

    for who in (accomplice, attacker):
        response = client.post(add, {"user": who.pk, "event": a.pk, "role": Role.OWNER, "phone": ""})
        assert response.status_code == 200
        assert "event" in response.context["adminform"].form.errors
    assert state_of(a) == before
    assert EventMembership.objects.get(event=a, user=attacker).role == Role.VIEWER
    # The event choice lists only B (where the attacker may manage members), never A.
    choices = response.context["adminform"].form.fields["event"].queryset
    assert list(choices) == [b]
    # Their own event still works.
    response = client.post(add, {"user": accomplice.pk, "event": b.pk, "role": Role.MANAGER, "phone": ""})
    assert response.status_code == 302
    assert EventMembership.objects.get(event=b, user=accomplice).role == Role.MANAGER


def test_changing_an_own_membership_into_event_a_is_refused(world):
    a, b = world["A"]["event"], world["B"]["event"]
    attacker = staff_user("attacker")
    EventMembership.objects.create(event=a, user=attacker, role=Role.VIEWER)
    EventMembership.objects.create(event=b, user=attacker, role=Role.OWNER)
    accomplice_membership = EventMembership.objects.create(event=b, user=factories.make_user("x"), role=Role.VIEWER)
    response = login(attacker).post(url(EventMembership, "change", accomplice_membership.pk),
                                    {"user": accomplice_membership.user_id, "event": a.pk, "role": Role.OWNER, "phone": ""})
    assert response.status_code == 200 and "event" in response.context["adminform"].form.errors
    accomplice_membership.refresh_from_db()
    assert (accomplice_membership.event, accomplice_membership.role) == (b, Role.VIEWER)


def test_a_manager_of_a_cannot_make_themself_owner_through_the_event_page_inline(world):
    a, b = world["A"]["event"], world["B"]["event"]
    user = staff_user("climber")
    mine_in_a = EventMembership.objects.create(event=a, user=user, role=Role.MANAGER)
    EventMembership.objects.create(event=b, user=user, role=Role.OWNER)
    client = login(user)
    before = state_of(a)
    event_form = post_data_for(admin.site._registry[Event], a)
    inline = {"memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1",
              "memberships-0-id": str(mine_in_a.pk), "memberships-0-event": str(a.pk),
              "memberships-0-user": str(user.pk), "memberships-0-role": Role.OWNER, "memberships-0-phone": ""}
    client.post(url(Event, "change", a.pk), {**event_form, **inline})
    new_row = {"memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "0", "memberships-0-event": str(a.pk),
               "memberships-0-user": str(factories.make_user("friend").pk), "memberships-0-role": Role.OWNER,
               "memberships-0-phone": ""}
    client.post(url(Event, "change", a.pk), {**event_form, **new_row})
    after = state_of(a)
    assert after["memberships"] == before["memberships"]
    assert EventMembership.objects.get(pk=mine_in_a.pk).role == Role.MANAGER


def test_the_inline_of_own_event_b_cannot_reach_a_membership_of_a(world):
    a, b = world["A"]["event"], world["B"]["event"]
    user = staff_user("sneaky")
    mine_in_a = EventMembership.objects.create(event=a, user=user, role=Role.VIEWER)
    mine_in_b = EventMembership.objects.create(event=b, user=user, role=Role.OWNER)
    client = login(user)
    before = state_of(a)
    event_form = post_data_for(admin.site._registry[Event], b)
    existing = list(EventMembership.objects.filter(event=b).order_by("pk"))
    data = {**event_form, "memberships-TOTAL_FORMS": str(len(existing) + 1),
            "memberships-INITIAL_FORMS": str(len(existing))}
    for index, membership in enumerate(existing):
        data.update({f"memberships-{index}-id": str(membership.pk), f"memberships-{index}-event": str(b.pk),
                     f"memberships-{index}-user": str(membership.user_id),
                     f"memberships-{index}-role": membership.role, f"memberships-{index}-phone": ""})
    # One more row: A's membership id, posted as if it were a row of B's inline.
    n = len(existing)
    data.update({f"memberships-{n}-id": str(mine_in_a.pk), f"memberships-{n}-event": str(a.pk),
                 f"memberships-{n}-user": str(user.pk), f"memberships-{n}-role": Role.OWNER, f"memberships-{n}-phone": ""})
    client.post(url(Event, "change", b.pk), data)
    assert state_of(a) == before
    assert EventMembership.objects.get(pk=mine_in_b.pk).role == Role.OWNER


def test_adding_a_guest_to_a_is_refused(world):
    a, b = world["A"]["event"], world["B"]["event"]
    user = staff_user("adder")
    EventMembership.objects.create(event=a, user=user, role=Role.VIEWER)
    EventMembership.objects.create(event=b, user=user, role=Role.OWNER)
    guest_admin = admin.site._registry[Guest]
    data = post_data_for(guest_admin, world["B"]["guest"])
    data.update({"event": str(a.pk), "family_name": "INTRUDER", "passport_number": "X1234567"})
    before = state_of(a)
    response = login(user).post(url(Guest, "add"), data)
    assert response.status_code == 200 and "event" in response.context["adminform"].form.errors
    assert state_of(a) == before and not Guest.objects.filter(family_name="INTRUDER").exists()
    # The same form for B saves (the data is good; only the event was refused).
    data["event"] = str(b.pk)
    assert login(user).post(url(Guest, "add"), data).status_code == 302
    assert Guest.objects.get(family_name="INTRUDER").event == b


def test_moving_an_own_guest_of_b_into_a_is_refused(world):
    a, b = world["A"]["event"], world["B"]["event"]
    user = staff_user("mover")
    EventMembership.objects.create(event=a, user=user, role=Role.VIEWER)
    EventMembership.objects.create(event=b, user=user, role=Role.OWNER)
    guest = world["B"]["pending"]
    data = {**post_data_for(admin.site._registry[Guest], guest), "event": str(a.pk)}
    before = state_of(a)
    response = login(user).post(url(Guest, "change", guest.pk), data)
    assert response.status_code == 200 and "event" in response.context["adminform"].form.errors
    guest.refresh_from_db()
    assert guest.event == b and state_of(a) == before


def test_a_guest_cannot_move_to_another_event_while_in_a_delegation_there(world):
    """Even between two events where the user may change guests: the guest's delegation
    (read-only in the guest form) belongs to the old event."""
    a, b = world["A"]["event"], world["B"]["event"]
    user = staff_user("owner_of_both")
    EventMembership.objects.create(event=a, user=user, role=Role.OWNER)
    EventMembership.objects.create(event=b, user=user, role=Role.OWNER)
    guest = world["B"]["guest"]
    data = {**post_data_for(admin.site._registry[Guest], guest), "event": str(a.pk)}
    response = login(user).post(url(Guest, "change", guest.pk), data)
    assert response.status_code == 200 and response.context["adminform"].form.errors
    guest.refresh_from_db()
    assert guest.event == b


def test_a_registration_member_of_a_cannot_approve_guests_of_a(world):
    a, b = world["A"]["event"], world["B"]["event"]
    user = staff_user("registrar")
    EventMembership.objects.create(event=a, user=user, role=Role.REGISTRATION)
    EventMembership.objects.create(event=b, user=user, role=Role.OWNER)
    pending_a, pending_b = world["A"]["pending"], world["B"]["pending"]
    response = login(user).post(url(Guest, "changelist"), {
        "action": "approve_selected", "_selected_action": [pending_a.pk, pending_b.pk], "index": 0,
    }, follow=True)
    assert response.status_code == 200
    pending_a.refresh_from_db(), pending_b.refresh_from_db()
    assert pending_a.status == GuestStatus.REGISTERED
    assert pending_b.status == GuestStatus.APPROVED
    assert "1 of the selected" in response.content.decode()


def test_a_checkin_only_member_of_a_sees_no_guest_of_a(world):
    a, b = world["A"]["event"], world["B"]["event"]
    user = staff_user("gatekeeper")
    EventMembership.objects.create(event=a, user=user, role=Role.CHECKIN)
    EventMembership.objects.create(event=b, user=user, role=Role.VIEWER)
    client = login(user)
    response = client.get(url(Guest, "changelist"))
    assert response.status_code == 200
    assert {g.event_id for g in response.context["cl"].queryset} == {b.pk}
    page = response.content.decode()
    assert "GUESTA" not in page and "PENDINGA" not in page and "GUESTB" in page
    assert client.get(url(Guest, "change", world["A"]["guest"].pk)).status_code in (302, 404)
    # The event filter of the guest list offers B only.
    assert "Alpha Summit" not in page and "Gamma Secret Meeting" not in page


def test_list_filters_never_name_events_or_objects_the_user_may_not_see(world):
    user = staff_user("filterer")
    EventMembership.objects.create(event=world["A"]["event"], user=user, role=Role.CHECKIN)
    EventMembership.objects.create(event=world["B"]["event"], user=user, role=Role.OWNER)
    client = login(user)
    for model, model_admin in scoped_admins():
        page = client.get(url(model, "changelist")).content.decode()
        assert "Gamma Secret Meeting" not in page, model
        if not may(Role.CHECKIN, model_admin.view_right):
            for text in ("Alpha Summit", "Delegation A", "Hotel A", "Zone A", "Gate A", "GUESTA"):
                assert text not in page, (model, text)


def test_autocomplete_lists_neither_users_nor_guests_of_a(world):
    a, b = world["A"]["event"], world["B"]["event"]
    user = staff_user("searcher")
    EventMembership.objects.create(event=a, user=user, role=Role.VIEWER)
    EventMembership.objects.create(event=b, user=user, role=Role.OWNER)
    client = login(user)
    autocomplete = reverse("admin:autocomplete")
    response = client.get(autocomplete, {"app_label": "events", "model_name": "eventmembership",
                                         "field_name": "user", "term": "member"})
    assert response.status_code == 403 and b"memberA" not in response.content
    # Guests offered to an itinerary item: only where the user may manage delegations (B), though
    # the user may view A's guests.
    response = client.get(autocomplete, {"app_label": "delegations", "model_name": "itineraryitem",
                                         "field_name": "guests", "term": ""})
    assert response.status_code == 200
    names = {row["text"] for row in response.json()["results"]}
    assert names and all("B" in name for name in names), names
    # A check-in member of A with no guest right anywhere gets nothing.
    gatekeeper = staff_user("gate")
    EventMembership.objects.create(event=a, user=gatekeeper, role=Role.CHECKIN)
    response = login(gatekeeper).get(autocomplete, {"app_label": "delegations", "model_name": "itineraryitem",
                                                    "field_name": "guests", "term": ""})
    assert response.status_code == 403 or response.json()["results"] == []


def test_a_staff_member_can_be_linked_only_to_an_organizer_of_the_users_events(world):
    a, b = world["A"]["event"], world["B"]["event"]
    user = staff_user("linker")
    EventMembership.objects.create(event=a, user=user, role=Role.VIEWER)
    EventMembership.objects.create(event=b, user=user, role=Role.OWNER)
    staff = world["B"]["staff"]
    data = {**post_data_for(admin.site._registry[Staff], staff), "user": str(world["A"]["member"].pk)}
    response = login(user).post(url(Staff, "change", staff.pk), data)
    assert response.status_code == 200 and "user" in response.context["adminform"].form.errors
    assert "memberA" not in response.content.decode()
    staff.refresh_from_db()
    assert staff.user is None
    data["user"] = str(world["B"]["member"].pk)
    assert login(user).post(url(Staff, "change", staff.pk), data).status_code == 302
    staff.refresh_from_db()
    assert staff.user == world["B"]["member"]


def test_hotel_stays_refuse_a_guest_of_another_event(world):
    user = staff_user("hotelier")
    EventMembership.objects.create(event=world["A"]["event"], user=user, role=Role.OWNER)
    EventMembership.objects.create(event=world["B"]["event"], user=user, role=Role.OWNER)
    stay_admin = admin.site._registry[HotelStay]
    data = {**post_data_for(stay_admin, world["B"]["stay"]), "guest": str(world["A"]["guest"].pk)}
    before = HotelStay.objects.count()
    response = login(user).post(url(HotelStay, "add"), data)
    assert response.status_code == 200 and "guest" in response.context["adminform"].form.errors
    assert HotelStay.objects.count() == before


# --- the generic walk over every registered admin --------------------------------------------------------------------

def test_every_list_shows_only_records_of_events_where_the_user_holds_its_right(world, profile):
    user, role_a, role_b = profile
    client = login(user)
    a, b = world["A"]["event"], world["B"]["event"]
    for model, model_admin in admin.site._registry.items():
        response = client.get(url(model, "changelist"))
        if not isinstance(model_admin, EventScopedAdmin):
            assert response.status_code == 403, model  # Django's own models: model permissions only
            continue
        expected = {event.pk for event, role in ((a, role_a), (b, role_b)) if may(role, model_admin.view_right)}
        if not expected:
            assert response.status_code == 403, model
            continue
        assert response.status_code == 200, model
        shown = {model_admin.event_of(obj).pk for obj in response.context["cl"].queryset}
        assert shown == expected, (model, shown, expected)


def _refused(response):
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:  # "… does not exist. Perhaps it was deleted?"
        return "/admin/" in response["Location"] and "change" not in response["Location"]
    context = response.context or {}
    form = context.get("adminform")
    return response.status_code == 200 and form is not None and bool(form.form.errors)


def test_no_admin_url_writes_into_a_where_the_role_lacks_the_right(world, profile):
    """Add with A's ids, change B's records into A, change and delete A's records, bulk actions on
    A's records: A's data stays byte for byte the same unless the role in A allows the change."""
    user, role_a, role_b = profile
    client = login(user)
    a_objects, b_objects = world["A"], world["B"]
    a = a_objects["event"]
    for model, model_admin in scoped_admins():
        if may(role_a, model_admin.change_right):
            continue
        key = next(k for k, v in a_objects.items() if type(v) is model)
        record_a, record_b = a_objects[key], b_objects[key]
        data_a = post_data_for(model_admin, record_a)
        before = state_of(a)

        if model is not Event:
            response = client.post(url(model, "add"), data_a)
            assert _refused(response), (model, "add", response.status_code)
            assert state_of(a) == before, (model, "add")
            # Move B's record (which the user may change) into A.
            client.post(url(model, "change", record_b.pk), data_a)
            assert state_of(a) == before, (model, "move")
            record_b.refresh_from_db()
            assert model_admin.event_of(record_b) == b_objects["event"], model

        # The same data posted back: any save would still touch A's rows (updated_at, LogEntry…).
        response = client.post(url(model, "change", record_a.pk), data_a)
        assert _refused(response), (model, "change", response.status_code)
        response = client.post(url(model, "delete", record_a.pk), {"post": "yes"})
        assert _refused(response), (model, "delete", response.status_code)
        for action in list(model_admin.get_actions(_request_for(user))):
            client.post(url(model, "changelist"), {"action": action, "_selected_action": [record_a.pk],
                                                   "index": 0, "post": "yes"})
        assert state_of(a) == before, model


def _request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_choice_field_lists_only_objects_where_the_user_holds_the_admins_right(world, profile):
    user, role_a, role_b = profile
    a, b = world["A"]["event"], world["B"]["event"]
    request = _request_for(user)
    for model, model_admin in scoped_admins():
        if not model_admin.has_add_permission(request):
            continue
        allowed = {event.pk for event, role in ((a, role_a), (b, role_b)) if may(role, model_admin.change_right)}
        form = model_admin.get_form(request, None, change=False)()
        for name, field in form.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            related = queryset.model
            if related is get_user_model():
                if name not in model_admin.any_user_fields:  # only people of those events
                    assert all(EventMembership.objects.filter(user=u, event_id__in=allowed).exists()
                               for u in queryset), (model, name)
                continue
            if related._meta.app_label == "auth":
                continue
            for obj in queryset:
                event_pk = obj.pk if related is Event else _event_pk_of(obj)
                assert event_pk in allowed, (model, name, obj)


def _event_pk_of(obj):
    for name in ("event_id",):
        if hasattr(obj, name):
            return getattr(obj, name)
    return obj.hotel.event_id if hasattr(obj, "hotel") else obj.zone.event_id


def test_every_admin_model_is_covered_by_the_fixture(world):
    covered = {type(v) for v in world["A"].values()}
    assert {model for model, _ in scoped_admins()} <= covered


def test_scoping_a_list_costs_the_same_queries_for_many_records_as_for_few(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = staff_user("counter")
    EventMembership.objects.create(event=world["A"]["event"], user=user, role=Role.CHECKIN)
    EventMembership.objects.create(event=world["B"]["event"], user=user, role=Role.OWNER)
    client = login(user)
    client.get(url(Guest, "changelist"))  # warm up (session, content types)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(Guest, "changelist")).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(10):
        factories.make_guest(world["B"]["event"])
        factories.make_guest(world["A"]["event"])
    assert queries() == few
