"""Members, quota and the head of delegation, in the domain and through the API."""
import pytest

from delegations.domain import membership
from delegations.domain.errors import DelegationRuleError
from delegations.models import Delegation
from events.models import Guest
from tests import factories
from tests.delegations.helpers import make_delegation, make_member

pytestmark = pytest.mark.django_db


def test_a_lone_member_is_head_automatically(event):
    delegation = make_delegation(event)
    guest = make_member(delegation)
    delegation.refresh_from_db()
    assert delegation.head_id == guest.pk
    second = make_member(delegation)
    delegation.refresh_from_db()
    assert delegation.head_id == guest.pk  # adding a member keeps the head
    membership.set_head(delegation, second)
    membership.remove_member(delegation, guest)
    delegation.refresh_from_db()
    assert delegation.head_id == second.pk


def test_removing_down_to_one_member_makes_the_last_one_head(event):
    delegation = make_delegation(event)
    head = make_member(delegation)
    other = make_member(delegation)
    third = make_member(delegation)
    membership.remove_member(delegation, third)
    membership.remove_member(delegation, other)
    delegation.refresh_from_db()
    assert delegation.head_id == head.pk
    membership.remove_member(delegation, head)
    delegation.refresh_from_db()
    assert delegation.head_id is None
    assert Guest.objects.get(pk=head.pk).delegation_id is None


def test_the_head_cannot_leave_while_two_others_remain(event):
    delegation = make_delegation(event)
    head = make_member(delegation)
    make_member(delegation)
    make_member(delegation)
    with pytest.raises(DelegationRuleError) as error:
        membership.remove_member(delegation, head)
    assert error.value.code == "head_required"
    assert Guest.objects.get(pk=head.pk).delegation_id == delegation.pk


def test_a_second_head_is_refused(event):
    delegation = make_delegation(event)
    make_member(delegation)
    newcomer = factories.make_guest(event)
    with pytest.raises(DelegationRuleError) as error:
        membership.add_member(delegation, newcomer, make_head=True)
    assert error.value.code == "head_exists" and error.value.status == 409
    assert Guest.objects.get(pk=newcomer.pk).delegation_id is None  # nothing half-saved


def test_quota(event):
    delegation = make_delegation(event, quota=2)
    make_member(delegation)
    make_member(delegation)
    extra = factories.make_guest(event)
    with pytest.raises(DelegationRuleError) as error:
        membership.add_member(delegation, extra)
    assert error.value.code == "quota_exceeded"
    assert "quota is 2" in error.value.message
    assert Guest.objects.get(pk=extra.pk).delegation_id is None


def test_a_guest_is_in_one_delegation_only(event):
    first, second = make_delegation(event, name="A"), make_delegation(event, name="B")
    guest = make_member(first)
    with pytest.raises(DelegationRuleError) as error:
        membership.add_member(second, guest)
    assert error.value.code == "already_in_delegation"
    assert "“A”" in error.value.message
    assert Guest.objects.get(pk=guest.pk).delegation_id == first.pk


def test_guest_of_another_event_is_refused(event, other_event):
    delegation = make_delegation(event)
    stranger = factories.make_guest(other_event)
    with pytest.raises(DelegationRuleError):
        membership.add_member(delegation, stranger)


# --- API ---------------------------------------------------------------------------------------


def test_members_api_add_list_update_remove(protocol, base, event):
    delegation = make_delegation(event)
    first, second = factories.make_guest(event), factories.make_guest(event)
    url = f"{base}delegations/{delegation.pk}/members/"
    response = protocol.post(url, {"guest": first.pk, "role": "Deputy Minister"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["is_head"] is True and response.json()["role"] == "Deputy Minister"
    assert protocol.post(url, {"guest": second.pk, "role": "Adviser"}, format="json").status_code == 201
    listing = protocol.get(url).json()
    assert {m["id"]: m["is_head"] for m in listing} == {first.pk: True, second.pk: False}

    response = protocol.patch(f"{url}{second.pk}/", {"is_head": True}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "head_exists"
    assert "is_head" in response.json()

    response = protocol.post(f"{base}delegations/{delegation.pk}/set-head/", {"guest": second.pk}, format="json")
    assert response.status_code == 200 and response.json()["is_head"] is True
    assert Delegation.objects.get(pk=delegation.pk).head_id == second.pk

    response = protocol.patch(f"{url}{first.pk}/", {"role": "Senior adviser"}, format="json")
    assert response.status_code == 200 and response.json()["role"] == "Senior adviser"
    assert protocol.delete(f"{url}{first.pk}/").status_code == 204
    assert Guest.objects.get(pk=first.pk).delegation_id is None


def test_members_api_errors_name_the_field(protocol, base, event, other_event):
    delegation = make_delegation(event, quota=1)
    other = make_delegation(event, name="Other delegation")
    member = make_member(other)
    url = f"{base}delegations/{delegation.pk}/members/"

    response = protocol.post(url, {"guest": member.pk}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "already_in_delegation" and "Other delegation" in body["guest"][0]

    stranger = factories.make_guest(other_event)
    response = protocol.post(url, {"guest": stranger.pk}, format="json")
    assert response.status_code == 400 and "does not exist" in response.json()["guest"][0]

    assert protocol.post(url, {"guest": factories.make_guest(event).pk}, format="json").status_code == 201
    response = protocol.post(url, {"guest": factories.make_guest(event).pk}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "quota_exceeded"

    response = protocol.post(url, {"guest": "1; DROP TABLE"}, format="json")
    assert response.status_code == 400
    response = protocol.post(url, {"guest": factories.make_guest(event).pk, "role": "a\x00b"}, format="json")
    assert response.status_code == 400 and "role" in response.json()


def test_quota_cannot_drop_below_the_members(protocol, base, event):
    delegation = make_delegation(event)
    make_member(delegation)
    make_member(delegation)
    response = protocol.patch(f"{base}delegations/{delegation.pk}/", {"quota": 1}, format="json")
    assert response.status_code == 400 and "quota" in response.json()
    assert Delegation.objects.get(pk=delegation.pk).quota is None


def test_head_through_delegation_patch(protocol, base, event):
    delegation = make_delegation(event)
    head, other = make_member(delegation), make_member(delegation)
    outsider = factories.make_guest(event)
    url = f"{base}delegations/{delegation.pk}/"
    assert protocol.patch(url, {"head": outsider.pk}, format="json").status_code == 400
    assert protocol.patch(url, {"head": None}, format="json").status_code == 400
    response = protocol.patch(url, {"head": other.pk}, format="json")
    assert response.status_code == 200 and response.json()["head"] == other.pk
    assert Delegation.objects.get(pk=delegation.pk).head_id == other.pk != head.pk


def test_viewer_reads_but_cannot_change_members(viewer, base, event):
    delegation = make_delegation(event)
    guest = factories.make_guest(event)
    url = f"{base}delegations/{delegation.pk}/members/"
    assert viewer.get(url).status_code == 200
    assert viewer.post(url, {"guest": guest.pk}, format="json").status_code == 403


def test_other_events_delegation_is_not_found(protocol, base, other_event):
    foreign = make_delegation(other_event)
    assert protocol.get(f"{base}delegations/{foreign.pk}/").status_code == 404
    assert protocol.get(f"{base}delegations/{foreign.pk}/members/").status_code == 404
    assert protocol.get(f"{base}delegations/{foreign.pk}/itinerary/").status_code == 404
    assert protocol.get(f"{base}delegations/{foreign.pk}/itinerary.pdf").status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_additions_cannot_overshoot_the_quota(event):
    import threading

    from django.db import connection

    delegation = make_delegation(event, quota=3)
    guests = [factories.make_guest(event) for _ in range(6)]
    barrier = threading.Barrier(len(guests))
    outcomes = []

    def add(guest):
        try:
            barrier.wait()
            membership.add_member(delegation, guest)
            outcomes.append("added")
        except DelegationRuleError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(guest,)) for guest in guests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["added"] * 3 + ["quota_exceeded"] * 3
    assert Guest.objects.filter(delegation=delegation).count() == 3
    assert Delegation.objects.get(pk=delegation.pk).head_id is not None
