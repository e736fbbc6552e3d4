"""Issue 9, item 1: the admin is scoped per event *and* per right.

Two events, A and B, each with one record of every model the admin shows. Staff users hold
different roles in each. Whatever they post to any admin URL (add, change, delete, bulk actions,
autocomplete), nothing of A is written where their role in A lacks the right, and no list shows a
record of A where their role in A lacks the list's right."""

import pytest
from django.contrib import admin
from django.urls import reverse

from delegations.models import HotelStay, Staff
from events.models import Event, EventMembership, Guest, GuestStatus, Role
from tests import factories
from tests.admin_scoping_world import (  # noqa: F401 - fixtures
    login,
    may,
    post_data_for,
    profile,
    scoped_admins,
    staff_user,
    state_of,
    url,
    viewer_of_a_owner_of_b,
    world,
)

pytestmark = pytest.mark.django_db


def test_owner_of_b_cannot_make_anyone_owner_of_a_through_the_membership_admin(world):
    a, b = world["A"]["event"], world["B"]["event"]
    attacker = staff_user("attacker")
    factories.MembershipFactory(event=a, user=attacker, role=Role.VIEWER)
    factories.MembershipFactory(event=b, user=attacker, role=Role.OWNER)
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


def test_changing_an_own_membership_into_event_a_isrefused(world):
    a, b = world["A"]["event"], world["B"]["event"]
    attacker = staff_user("attacker")
    factories.MembershipFactory(event=a, user=attacker, role=Role.VIEWER)
    factories.MembershipFactory(event=b, user=attacker, role=Role.OWNER)
    accomplice_membership = factories.MembershipFactory(event=b, user=factories.make_user("x"), role=Role.VIEWER)
    response = login(attacker).post(url(EventMembership, "change", accomplice_membership.pk),
                                    {"user": accomplice_membership.user_id, "event": a.pk, "role": Role.OWNER, "phone": ""})
    assert response.status_code == 200 and "event" in response.context["adminform"].form.errors
    accomplice_membership.refresh_from_db()
    assert (accomplice_membership.event, accomplice_membership.role) == (b, Role.VIEWER)


def test_a_manager_of_a_cannot_make_themself_owner_through_the_event_page_inline(world):
    a, b = world["A"]["event"], world["B"]["event"]
    user = staff_user("climber")
    mine_in_a = factories.MembershipFactory(event=a, user=user, role=Role.MANAGER)
    factories.MembershipFactory(event=b, user=user, role=Role.OWNER)
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
    mine_in_a = factories.MembershipFactory(event=a, user=user, role=Role.VIEWER)
    mine_in_b = factories.MembershipFactory(event=b, user=user, role=Role.OWNER)
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


def test_adding_a_guest_to_a_isrefused(world):
    a, b = world["A"]["event"], world["B"]["event"]
    user = viewer_of_a_owner_of_b(world, "adder")
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


def test_moving_an_own_guest_of_b_into_a_isrefused(world):
    a, b = world["A"]["event"], world["B"]["event"]
    user = viewer_of_a_owner_of_b(world, "mover")
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
    factories.MembershipFactory(event=a, user=user, role=Role.OWNER)
    factories.MembershipFactory(event=b, user=user, role=Role.OWNER)
    guest = world["B"]["guest"]
    data = {**post_data_for(admin.site._registry[Guest], guest), "event": str(a.pk)}
    response = login(user).post(url(Guest, "change", guest.pk), data)
    assert response.status_code == 200 and response.context["adminform"].form.errors
    guest.refresh_from_db()
    assert guest.event == b


def test_a_registration_member_of_a_cannot_approve_guests_of_a(world):
    a, b = world["A"]["event"], world["B"]["event"]
    user = staff_user("registrar")
    factories.MembershipFactory(event=a, user=user, role=Role.REGISTRATION)
    factories.MembershipFactory(event=b, user=user, role=Role.OWNER)
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
    factories.MembershipFactory(event=a, user=user, role=Role.CHECKIN)
    factories.MembershipFactory(event=b, user=user, role=Role.VIEWER)
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
    factories.MembershipFactory(event=world["A"]["event"], user=user, role=Role.CHECKIN)
    factories.MembershipFactory(event=world["B"]["event"], user=user, role=Role.OWNER)
    client = login(user)
    for model, model_admin in scoped_admins():
        page = client.get(url(model, "changelist")).content.decode()
        assert "Gamma Secret Meeting" not in page, model
        if not may(Role.CHECKIN, model_admin.view_right):
            for text in ("Alpha Summit", "Delegation A", "Hotel A", "Zone A", "Gate A", "GUESTA"):
                assert text not in page, (model, text)


def test_autocomplete_lists_neither_users_nor_guests_of_a(world):
    a = world["A"]["event"]
    user = viewer_of_a_owner_of_b(world, "searcher")
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
    factories.MembershipFactory(event=a, user=gatekeeper, role=Role.CHECKIN)
    response = login(gatekeeper).get(autocomplete, {"app_label": "delegations", "model_name": "itineraryitem",
                                                    "field_name": "guests", "term": ""})
    assert response.status_code == 403 or response.json()["results"] == []


def test_a_staff_member_can_be_linked_only_to_an_organizer_of_the_users_events(world):
    user = viewer_of_a_owner_of_b(world, "linker")
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
    factories.MembershipFactory(event=world["A"]["event"], user=user, role=Role.OWNER)
    factories.MembershipFactory(event=world["B"]["event"], user=user, role=Role.OWNER)
    stay_admin = admin.site._registry[HotelStay]
    data = {**post_data_for(stay_admin, world["B"]["stay"]), "guest": str(world["A"]["guest"].pk)}
    before = HotelStay.objects.count()
    response = login(user).post(url(HotelStay, "add"), data)
    assert response.status_code == 200 and "guest" in response.context["adminform"].form.errors
    assert HotelStay.objects.count() == before


# --- the generic walk over every registered admin --------------------------------------------------------------------
