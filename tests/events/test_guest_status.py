import pytest

from events.models import Guest
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(as_role):
    return as_role("protocol")


def act(client, guest, action):
    return client.post(f"/api/v1/events/{guest.event.slug}/guests/{guest.pk}/{action}/")


@pytest.mark.parametrize(
    "start, action, expected",
    [
        ("invited", "register", "registered"),
        ("registered", "approve", "approved"),
        ("registered", "reject", "rejected"),
        ("invited", "cancel", "cancelled"),
        ("registered", "cancel", "cancelled"),
        ("approved", "cancel", "cancelled"),
        ("rejected", "cancel", "cancelled"),
    ],
)
def test_legal_transitions(event, officer, start, action, expected):
    guest = factories.make_guest(event, status=start)
    response = act(officer, guest, action)
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == expected
    guest.refresh_from_db()
    assert guest.status == expected
    assert guest.status_changed_at is not None


@pytest.mark.parametrize(
    "start, action",
    [
        ("invited", "approve"),
        ("invited", "reject"),
        ("approved", "approve"),
        ("approved", "reject"),
        ("rejected", "approve"),
        ("cancelled", "approve"),
        ("cancelled", "cancel"),
        ("cancelled", "register"),
        ("registered", "register"),
    ],
)
def test_illegal_transitions_answer_409_and_change_nothing(event, officer, start, action):
    guest = factories.make_guest(event, status=start)
    response = act(officer, guest, action)
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "illegal_transition"
    assert f"Cannot {action}" in body["detail"] and start in body["detail"]
    assert Guest.objects.get(pk=guest.pk).status == start


def test_status_cannot_be_written_directly(event, officer):
    guest = factories.make_guest(event, status="registered")
    response = officer.patch(f"/api/v1/events/{event.slug}/guests/{guest.pk}/", {"status": "approved"}, format="json")
    assert response.status_code == 200
    assert Guest.objects.get(pk=guest.pk).status == "registered"


def test_new_guest_is_registered_with_allowed_actions(event, officer):
    response = officer.post(f"/api/v1/events/{event.slug}/guests/", {"family_name": "VOLKOVA", "country": "RU", "status": "approved"}, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "registered"
    assert response.json()["allowed_actions"] == ["approve", "reject", "cancel"]


def test_guest_of_other_event_cannot_be_approved(event, other_event, officer):
    foreign = factories.make_guest(other_event, status="registered")
    response = officer.post(f"/api/v1/events/{event.slug}/guests/{foreign.pk}/approve/")
    assert response.status_code == 404
    assert Guest.objects.get(pk=foreign.pk).status == "registered"
