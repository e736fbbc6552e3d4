"""Who sees what: a member of the event with any role sees the board; guest names only with
view_guests; another event's slug, an unknown day and a day outside the event answer exactly like a
missing event (404), for the board, the dashboard and the print-out."""
import pytest
from django.test import Client

from tests import factories
from tests.helpers.pdf import extract_text
from tests.office.conftest import DAY, board_url, client_for

pytestmark = pytest.mark.django_db

PAGES = ["/office/{slug}/", "/office/{slug}/day/", "/office/{slug}/day/2023-11-01/",
         "/office/{slug}/day/2023-11-01/run-of-show.pdf"]


def test_anonymous_visitors_are_sent_to_the_login(event):
    for page in PAGES:
        response = Client().get(page.format(slug=event.slug))
        assert response.status_code == 302
        assert response["Location"].startswith("/office/login/?next=")


def test_login_with_the_organizer_account(event, day_world):
    factories.make_member(event, "protocol", username="chen")
    client = Client()
    response = client.post("/office/login/", {"username": "chen", "password": "pw-chen", "next": board_url(event)})
    assert response.status_code == 302 and response["Location"] == board_url(event)
    assert client.get(board_url(event)).status_code == 200
    assert Client().post("/office/login/", {"username": "chen", "password": "wrong"}).status_code == 200


def _not_found(client, url):
    response = client.get(url)
    assert response.status_code == 404
    return response.content


def test_other_events_unknown_and_outside_days_answer_like_a_missing_event(event, other_event, office_as):
    client = office_as("owner")  # owner of `event`, stranger to `other_event`
    factories.make_member(other_event, "owner")
    missing = _not_found(client, "/office/no-such-event/")
    for page in PAGES:
        assert _not_found(client, page.format(slug=other_event.slug)) == missing
        assert _not_found(client, page.format(slug="no-such-event")) == missing
    for day in ("2023-02-30", "2023-13-01", "2023-10-30", "2023-11-04", "2024-11-01", "0000-00-00"):
        assert _not_found(client, f"/office/{event.slug}/day/{day}/") == missing
        assert _not_found(client, f"/office/{event.slug}/day/{day}/run-of-show.pdf") == missing
    assert _not_found(client, f"/office/{event.slug}/day/1-11-2023/") == missing


def test_superusers_see_every_event(event, day_world):
    client = client_for(factories.make_user(is_superuser=True, is_staff=True))
    assert client.get(board_url(event)).status_code == 200


def test_without_view_guests_delegation_names_only(event, day_world, office_as):
    head = day_world["delegations"][0]["head"]
    names = [head.family_name, head.given_name, head.native_name, head.chinese_name]
    gate = office_as("checkin")  # view_event and checkin: no view_guests
    page = gate.get(board_url(event)).content.decode()
    assert "Delegation KZ 0" in page and "Delegation KG 1" in page
    assert not [name for name in names if name in page]
    # The clash is still shown, with the entries and the delegation instead of the guest's name.
    assert "Double booking" in page and "Meeting 0" in page and "(Delegation KZ 0)" in page
    pdf = extract_text(gate.get(f"{board_url(event)}run-of-show.pdf").content)
    assert "Delegation KZ 0" in pdf and not [name for name in names if name in pdf]
    dashboard = gate.get(f"/office/{event.slug}/").content.decode()
    assert 'id="guests-by-status"' not in dashboard and "does not include seeing guests" in dashboard
    # A guest who works as staff (an embassy's interpreter) is a guest: no name either.
    staff = factories.StaffFactory(event=event, full_name=f"{head.given_name} {head.family_name}", guest=head)
    staff_page = gate.get(board_url(event, lanes="staff")).content.decode()
    assert f'id="lane-staff-{staff.pk}"' in staff_page and head.family_name not in staff_page

    protocol = office_as("protocol").get(board_url(event)).content.decode()
    assert head.family_name in protocol


def test_dashboard_figures_link_to_the_filtered_lists(event, day_world, office_as):
    factories.make_guest(event, status="registered", country="CN", category="media")
    page = office_as("protocol").get(f"/office/{event.slug}/").content.decode()
    assert f'href="/admin/events/guest/?event__id__exact={event.pk}&amp;status__exact=registered"' in page
    assert f'href="/admin/events/guest/?event__id__exact={event.pk}&amp;country__exact=CN"' in page
    delegation = day_world["delegations"][0]["delegation"]
    assert f'href="/admin/delegations/delegation/{delegation.pk}/change/"' in page
    assert f'href="/admin/badges/badge/?event__id__exact={event.pk}&amp;status__exact=revoked"' in page


def test_day_parameter_days_are_the_events(event, office_as):
    client = office_as("viewer")
    for day in ("2023-10-31", "2023-11-03"):
        assert client.get(f"/office/{event.slug}/day/{day}/").status_code == 200
    assert DAY.isoformat() == "2023-11-01"


def test_the_dashboard_counts_imports_awaiting_their_commit(event, other_event, office_as):
    factories.GuestImportFactory.create_batch(2, event=event, status="ready")
    factories.GuestImportFactory(event=event, status="committed")
    factories.GuestImportFactory(event=other_event, status="ready")
    page = office_as("protocol").get(f"/office/{event.slug}/").content.decode()
    assert '<td class="n" data-figure="imports">2</td>' in page
    assert f'href="/admin/spreadsheets/guestimport/?event__id__exact={event.pk}&amp;status__exact=ready"' in page
    assert 'data-figure="imports"' not in office_as("checkin").get(f"/office/{event.slug}/").content.decode()
