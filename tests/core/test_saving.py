"""core.saving: the one way a change is written (domain operations and the API's serializers)."""
import pytest

from core.saving import assign_fields, save_changes, save_new
from delegations.models import Delegation
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_change_writes_only_its_columns_and_sets_links_after_the_save():
    event = factories.make_event()
    session = factories.make_session(event)
    delegation = factories.DelegationFactory(event=event, name="Delegation of Kazakhstan", quota=5)
    stale = Delegation.objects.get(pk=delegation.pk)
    Delegation.objects.filter(pk=delegation.pk).update(quota=9)  # someone else's change
    assert save_changes(stale, {"name": "Delegation of the Republic of Kazakhstan", "sessions": [session]}) == [
        "name", "updated_at"]
    fresh = Delegation.objects.get(pk=delegation.pk)
    assert (fresh.name, fresh.quota, list(fresh.sessions.all())) == (
        "Delegation of the Republic of Kazakhstan", 9, [session])
    assert save_changes(fresh, {}) == []


def test_a_new_row_is_saved_before_its_links():
    event = factories.make_event()
    session = factories.make_session(event)
    delegation = save_new(Delegation(event=event), {"name": "Delegation of Kyrgyzstan", "country": "KG",
                                                    "sessions": [session]})
    assert delegation.pk and list(delegation.sessions.all()) == [session]
    assert assign_fields(Delegation(), {"name": "X", "sessions": []}) == {"sessions": []}
