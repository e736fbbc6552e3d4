"""The admin (lists, conflict panels, the conflicts view, membership changes) and the demo seed."""
import pytest
from django.core.management import call_command

from delegations.models import Delegation, HotelStay, ItineraryItem, Staff, Vehicle
from events.models import Event, Guest
from tests import factories
from tests.delegations.helpers import at, make_delegation, make_item, make_member, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, event):
    client.force_login(factories.make_member(event, "protocol", is_staff=True))
    return client


def test_admin_lists_and_conflict_panels(admin_client, event, other_event):
    delegation = make_delegation(event, name="Delegation of Kazakhstan", country="KZ")
    make_delegation(event, name="Delegation of China", country="CN")
    make_delegation(other_event, name="Hidden delegation", country="TJ")
    head = make_member(delegation, native_name="Айдос Нұрланұлы")
    first = make_item(event, at(1, 9), at(1, 10), delegation=delegation, title={"en": "Opening"})
    make_item(event, at(1, 9, 30), at(1, 11), guests=[head], title={"en": "Talks with the Vice Mayor"})
    clean = make_item(event, at(2, 9), title={"en": "Quiet morning"})

    page = admin_client.get("/admin/delegations/delegation/").content.decode()
    assert page.index("Delegation of China") < page.index("Delegation of Kazakhstan")  # precedence order
    assert "Hidden delegation" not in page

    page = admin_client.get(f"/admin/delegations/delegation/{delegation.pk}/change/").content.decode()
    assert "Айдос Нұрланұлы" in page and "★" in page
    assert "overlap" in page and "Talks with the Vice Mayor" in page

    page = admin_client.get(f"/admin/delegations/itineraryitem/{first.pk}/change/").content.decode()
    assert "which overlap" in page
    page = admin_client.get(f"/admin/delegations/itineraryitem/{clean.pk}/change/").content.decode()
    assert "No conflicts." in page

    listing = admin_client.get("/admin/delegations/itineraryitem/", {"conflicts": "yes"}).content.decode()
    assert "Talks with the Vice Mayor" in listing and "Quiet morning" not in listing
    listing = admin_client.get("/admin/delegations/itineraryitem/", {"conflicts": "no"}).content.decode()
    assert "Quiet morning" in listing and "Talks with the Vice Mayor" not in listing

    page = admin_client.get("/admin/delegations/itineraryitem/conflicts/")
    assert page.status_code == 200
    assert "1 conflict" in page.content.decode() and other_event.slug not in page.content.decode()
    for url in ("/admin/delegations/staff/", "/admin/delegations/vehicle/", "/admin/delegations/hotel/",
                "/admin/delegations/hotelstay/", "/admin/delegations/staff/add/", "/admin/delegations/itineraryitem/add/"):
        assert admin_client.get(url).status_code == 200, url


def test_admin_membership_changes_respect_the_rules(admin_client, event):
    delegation = make_delegation(event, quota=2)
    head = make_member(delegation)
    newcomer, extra = factories.make_guest(event), factories.make_guest(event)
    url = f"/admin/delegations/delegation/{delegation.pk}/change/"
    form = {"event": event.pk, "name": delegation.name, "country": "KZ", "kind": "government", "language": "",
            "quota": 2, "head": head.pk, "public_notes": "", "internal_notes": ""}

    response = admin_client.post(url, {**form, "add_members": [newcomer.pk, extra.pk]})
    assert response.status_code == 200 and "its quota is 2" in response.content.decode()
    assert Guest.objects.filter(delegation=delegation).count() == 1

    response = admin_client.post(url, {**form, "add_members": [newcomer.pk]})
    assert response.status_code == 302
    assert set(Guest.objects.filter(delegation=delegation).values_list("pk", flat=True)) == {head.pk, newcomer.pk}

    response = admin_client.post(url, {**form, "head": newcomer.pk, "remove_members": [head.pk]})
    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.head_id == newcomer.pk and Guest.objects.get(pk=head.pk).delegation_id is None


def test_admin_deleting_a_confirmed_item_cancels_it(admin_client, event):
    item = make_item(event, status="confirmed")
    response = admin_client.post(f"/admin/delegations/itineraryitem/{item.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert ItineraryItem.objects.get(pk=item.pk).status == "cancelled"


def test_admin_item_form_rejects_other_events_and_bad_times(admin_client, event, other_event):
    foreign_staff = make_staff(other_event)
    form = {"event": event.pk, "kind": "meeting", "status": "confirmed", "title": '{"en": "Talk"}', "description": "{}",
            "start_0": "2023-11-01", "start_1": "10:00:00", "end_0": "2023-11-01", "end_1": "09:00:00",
            "start_timezone": "Asia/Shanghai", "end_timezone": "Asia/Shanghai", "liaison_officer": foreign_staff.pk}
    response = admin_client.post("/admin/delegations/itineraryitem/add/", form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html or "does not exist" in html
    assert not ItineraryItem.objects.exists()
    response = admin_client.post("/admin/delegations/itineraryitem/add/", {**form, "liaison_officer": ""})
    assert response.status_code == 200 and "before it starts" in response.content.decode()
    response = admin_client.post("/admin/delegations/itineraryitem/add/", {**form, "liaison_officer": "", "end_1": "11:00:00"})
    assert response.status_code == 302
    assert ItineraryItem.objects.get().end_timezone == "Asia/Shanghai"


def test_viewer_cannot_change_in_admin(client, event):
    client.force_login(factories.make_member(event, "viewer", is_staff=True))
    delegation = make_delegation(event)
    assert client.get("/admin/delegations/delegation/").status_code == 200
    assert client.post(f"/admin/delegations/delegation/{delegation.pk}/delete/", {"post": "yes"}).status_code == 403


def test_demo_seed_is_idempotent_and_has_a_clash(protocol):
    call_command("seed_demo", verbosity=0)
    counts = [ItineraryItem.objects.count(), Staff.objects.count(), Vehicle.objects.count(), HotelStay.objects.count()]
    call_command("seed_demo", verbosity=0)
    assert [ItineraryItem.objects.count(), Staff.objects.count(), Vehicle.objects.count(),
            HotelStay.objects.count()] == counts
    event = Event.objects.get(slug="china-central-asia-forum-2023")
    for delegation in Delegation.objects.filter(event=event):
        assert delegation.head.category == "head_of_delegation"
        assert delegation.liaison_officer and delegation.interpreter
    days = {item.start.astimezone(event.tzinfo).date().isoformat() for item in ItineraryItem.objects.filter(event=event)}
    assert {"2023-11-01", "2023-11-02"} <= days
    arrivals = ItineraryItem.objects.filter(event=event, kind="arrival")
    assert {a.flight_number for a in arrivals} == {"KC891", "CZ6008", "SZ7213", "T5695", "HY557"}
    assert {a.start_timezone for a in arrivals} >= {"Asia/Almaty", "Asia/Tashkent"}

    from delegations.domain.conflicts import event_conflicts

    codes = {clash.code for clash in event_conflicts(event)}
    assert {"overlap", "transfer_time", "vehicle_capacity"} <= codes


def test_admin_choices_never_show_another_events_people(admin_client, event, other_event):
    make_staff(event, full_name="Own Liaison")
    make_staff(other_event, full_name="Foreign Liaison")
    factories.make_guest(other_event, given_name="Foreign", family_name="GUEST")
    for url in ("/admin/delegations/itineraryitem/add/", "/admin/delegations/vehicle/add/"):
        html = admin_client.get(url).content.decode()
        assert "Foreign Liaison" not in html and "Foreign GUEST" not in html, url
    assert "Own Liaison" in admin_client.get("/admin/delegations/itineraryitem/add/").content.decode()
