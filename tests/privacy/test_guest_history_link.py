"""A guest's record links to its audit trail for the roles that may read the trail."""
import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_owner_follows_the_guest_record_to_its_history(event, as_role):
    owner = as_role("owner")
    guest = factories.make_guest(event, family_name="ALIYEVA", status="registered")
    assert owner.post(f"/api/v1/events/{event.slug}/guests/{guest.pk}/approve/", {}, format="json").status_code == 200
    link = owner.get(f"/api/v1/events/{event.slug}/guests/{guest.pk}/").json()["history"]
    assert link == f"http://testserver/api/v1/events/{event.slug}/audit-log/?guest={guest.pk}"
    trail = owner.get(link).json()
    rows = trail["results"] if isinstance(trail, dict) else trail
    # newest first: reading the record (it shows passport data to the owner) is in the trail too
    assert [row["action"] for row in rows] == ["guest.passport_viewed", "guest.approved"] and {row["guest_id"] for row in rows} == {guest.pk}


def test_roles_without_the_trail_get_no_link(event, as_role):
    guest = factories.make_guest(event)
    for role in ("protocol", "registration"):
        assert as_role(role).get(f"/api/v1/events/{event.slug}/guests/{guest.pk}/").json()["history"] is None
