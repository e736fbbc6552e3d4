"""Deletion that protects data: the registration role cannot delete an approved guest whose badge is
out there (they are cancelled instead), and an event with guests is deleted only with ?confirm=<slug>
(API) or through Django's confirmation page by an owner (admin)."""
import pytest

from badges.domain.issuing import issue_badge, revoke_badge
from badges.models import Badge
from events.models import Event, Guest
from tests import factories

pytestmark = pytest.mark.django_db


def guest_url(event, guest):
    return f"/api/v1/events/{event.slug}/guests/{guest.pk}/"


@pytest.fixture
def badged(event):
    guest = factories.make_guest(event)
    issue_badge(guest)
    return guest


def test_registration_cannot_delete_an_approved_guest_with_an_issued_badge(event, as_role, badged):
    response = as_role("registration").delete(guest_url(event, badged))
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This guest is approved and holds an issued badge; your role may not delete such a guest. "
                  "Have the guest cancelled instead.",
        "code": "guest_has_badge",
    }
    assert Guest.objects.filter(pk=badged.pk).exists()
    assert Badge.objects.get(guest=badged).status == "active"


@pytest.mark.parametrize("case", ["registered", "approved_without_badge", "badge_revoked", "cancelled"])
def test_registration_deletes_guests_whose_record_no_gate_depends_on(event, as_role, case):
    guest = factories.make_guest(event, status="registered" if case == "registered" else "approved")
    if case == "badge_revoked":
        revoke_badge(issue_badge(guest)[0], reason="lost")
    if case == "cancelled":
        issue_badge(guest)
        as_role("protocol").post(f"{guest_url(event, guest)}cancel/")
    assert as_role("registration").delete(guest_url(event, guest)).status_code == 204
    assert not Guest.objects.filter(pk=guest.pk).exists()


@pytest.mark.parametrize("role", ["protocol", "manager", "owner"])
def test_roles_that_may_cancel_may_delete_an_approved_guest_with_a_badge(event, as_role, badged, role):
    assert as_role(role).delete(guest_url(event, badged)).status_code == 204
    assert not Guest.objects.filter(pk=badged.pk).exists()


def test_the_admin_refuses_registration_with_a_message(client, event, badged):
    other = factories.make_guest(event, status="registered")
    client.force_login(factories.make_member(event, "registration", is_staff=True))

    response = client.post(f"/admin/events/guest/{badged.pk}/delete/", {"post": "yes"}, follow=True)
    assert response.redirect_chain == [(f"/admin/events/guest/{badged.pk}/change/", 302)]
    assert "Have the guest cancelled instead." in response.content.decode()
    assert Guest.objects.filter(pk=badged.pk).exists()
    assert f'href="/admin/events/guest/{badged.pk}/delete/"' not in response.content.decode()

    # "Delete selected": the confirmation page refuses the whole selection.
    response = client.post("/admin/events/guest/", {"action": "delete_selected", "post": "yes",
                                                     "_selected_action": [badged.pk, other.pk]})
    assert response.status_code == 403
    assert Guest.objects.filter(pk__in=[badged.pk, other.pk]).count() == 2

    client.post(f"/admin/events/guest/{other.pk}/delete/", {"post": "yes"})
    assert not Guest.objects.filter(pk=other.pk).exists()


def test_the_admin_lets_protocol_delete_the_guest(client, event, badged):
    client.force_login(factories.make_member(event, "protocol", is_staff=True))
    response = client.post(f"/admin/events/guest/{badged.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Guest.objects.filter(pk=badged.pk).exists()


# --- Events -------------------------------------------------------------------------------------
def test_an_event_with_guests_needs_its_slug_to_be_deleted(event, as_role):
    factories.make_guest(event)
    owner, url = as_role("owner"), f"/api/v1/events/{event.slug}/"

    response = owner.delete(url)
    assert response.status_code == 409
    assert response.json() == {
        "detail": f"This event has 1 guest(s); deleting it deletes them with their badges, scans and files. "
                  f"Archive it instead, or confirm with ?confirm={event.slug}.",
        "code": "confirmation_required",
    }
    wrong = owner.delete(url + "?confirm=another-event")
    assert wrong.status_code == 400
    assert wrong.json() == {"confirm": [f"To confirm, give the event's slug: {event.slug}."]}
    assert owner.delete(url + "?confirm=").status_code == 400
    assert Event.objects.filter(pk=event.pk).exists() and Guest.objects.filter(event=event).count() == 1

    assert owner.delete(f"{url}?confirm={event.slug}").status_code == 204
    assert not Event.objects.filter(pk=event.pk).exists() and not Guest.objects.exists()


def test_an_event_without_guests_is_deleted_without_confirmation(event, as_role):
    factories.make_venue(event)
    assert as_role("owner").delete(f"/api/v1/events/{event.slug}/").status_code == 204
    assert not Event.objects.filter(pk=event.pk).exists()


def test_only_owners_delete_events_even_with_the_confirmation(event, as_role):
    response = as_role("manager").delete(f"/api/v1/events/{event.slug}/?confirm={event.slug}")
    assert response.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_in_the_admin_only_owners_delete_an_event_after_djangos_confirmation_page(client, event):
    factories.make_guest(event)
    client.force_login(factories.make_member(event, "manager", is_staff=True))
    assert client.get(f"/admin/events/event/{event.pk}/delete/").status_code == 403
    assert client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()

    client.force_login(factories.make_member(event, "owner", is_staff=True))
    page = client.get(f"/admin/events/event/{event.pk}/delete/")
    assert page.status_code == 200 and "Are you sure" in page.content.decode()
    assert Event.objects.filter(pk=event.pk).exists()
    assert client.post(f"/admin/events/event/{event.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists() and not Guest.objects.exists()
