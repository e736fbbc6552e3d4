"""Each role's rights, 404 for non-members, passport masking."""
import pytest

from events.domain import access
from events.models import Guest
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

ROLES = ["owner", "manager", "protocol", "registration", "checkin", "viewer"]


def guests_url(event):
    return f"/api/v1/events/{event.slug}/guests/"


def test_anonymous_gets_401(api, event):
    assert api.get("/api/v1/events/").status_code == 401
    assert api.get(guests_url(event)).status_code == 401


@pytest.mark.parametrize("path", ["", "guests/", "venues/", "sessions/", "members/", "guests/1/"])
def test_non_member_gets_404_for_event_and_everything_under_it(event, other_event, as_role, path):
    outsider = as_role("owner", target=other_event)
    response = outsider.get(f"/api/v1/events/{event.slug}/{path}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}
    # Same answer as for an event that does not exist at all: nothing to enumerate.
    assert outsider.get(f"/api/v1/events/no-such-event/{path}").json() == response.json()


def test_event_list_shows_only_member_events(event, other_event, as_role):
    client = as_role("viewer")
    slugs = [e["slug"] for e in client.get("/api/v1/events/").json()["results"]]
    assert slugs == [event.slug]


def test_superuser_sees_every_event(event, other_event, superuser_client):
    slugs = {e["slug"] for e in superuser_client.get("/api/v1/events/").json()["results"]}
    assert {event.slug, other_event.slug} <= slugs


@pytest.mark.parametrize(
    "role, can_list, can_create, can_approve, sees_passport, can_manage_members, can_edit_event",
    [
        ("owner", True, True, True, True, True, True),
        ("manager", True, True, True, True, False, True),
        ("protocol", True, True, True, True, False, False),
        ("registration", True, True, False, False, False, False),
        ("checkin", False, False, False, False, False, False),
        ("viewer", True, False, False, False, False, False),
    ],
)
def test_role_rights(event, as_role, role, can_list, can_create, can_approve, sees_passport, can_manage_members,
                     can_edit_event):
    guest = factories.make_guest(event, passport_number="KZ7424363", status="registered")
    client = as_role(role)

    listing = client.get(guests_url(event))
    assert listing.status_code == (200 if can_list else 403)
    if can_list:  # the list carries no passport data; the record shows it by role
        assert listing.json()["results"][0]["has_passport"] is True
        record = client.get(f"{guests_url(event)}{guest.pk}/").json()
        assert record["passport_number"] == ("KZ7424363" if sees_passport else "••••4363")
        assert record["date_of_birth"] == ("1994-10-11" if sees_passport else "••••")

    created = client.post(guests_url(event), {"family_name": "SATO", "country": "JP"}, format="json")
    assert created.status_code == (201 if can_create else 403)

    approved = client.post(f"{guests_url(event)}{guest.pk}/approve/")
    assert approved.status_code == (200 if can_approve else 403)

    member = client.post(f"/api/v1/events/{event.slug}/members/", {"username": factories.make_user().username, "role": "viewer"}, format="json")
    assert member.status_code == (201 if can_manage_members else 403)

    patched = client.patch(f"/api/v1/events/{event.slug}/", {"status": "archived"}, format="json")
    assert patched.status_code == (200 if can_edit_event else 403)


def test_rights_table_is_documented_for_every_role():
    assert set(access.ROLE_RIGHTS) == set(ROLES)
    assert access.ROLE_RIGHTS["owner"] == access.ALL_RIGHTS


def test_forbidden_write_leaves_nothing(event, as_role):
    as_role("viewer").post(guests_url(event), {"family_name": "X", "country": "KZ"}, format="json")
    assert Guest.objects.count() == 0


def test_superuser_can_create_event_and_becomes_owner(db):
    user = factories.make_user(is_superuser=True)
    client = client_for(user)
    response = client.post("/api/v1/events/", {
        "slug": "state-visit-2024", "name": {"en": "State visit", "zh-hans": "国事访问"},
        "timezone": "Asia/Shanghai", "start_date": "2024-05-01", "end_date": "2024-05-03",
    }, format="json")
    assert response.status_code == 201, response.json()
    assert user.event_memberships.get().role == "owner"


def test_member_without_add_permission_cannot_create_events(event, as_role):
    response = as_role("owner").post("/api/v1/events/", {
        "slug": "x-2024", "name": {"en": "X"}, "timezone": "Asia/Shanghai", "start_date": "2024-05-01", "end_date": "2024-05-03",
    }, format="json")
    assert response.status_code == 403


def test_last_owner_cannot_be_removed(event, as_role):
    client = as_role("owner")
    membership = event.memberships.get()
    response = client.delete(f"/api/v1/events/{event.slug}/members/{membership.pk}/")
    assert response.status_code == 409
    assert event.memberships.count() == 1


def test_token_authentication_via_management_command(event):
    from io import StringIO

    from django.core.management import call_command

    user = factories.make_member(event, "viewer")
    out = StringIO()
    call_command("create_api_token", user.username, stdout=out, stderr=StringIO())
    token = out.getvalue().strip()
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get(guests_url(event)).status_code == 200
