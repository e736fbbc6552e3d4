"""A delegation's create and update responses carry its place in the order of precedence, the same
as a GET right after (not null, not the place before the change)."""
import pytest

from tests.delegations.helpers import make_delegation

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese_order(event):
    event.precedence_language = "zh-hans"
    event.save()
    make_delegation(event, name="Delegation CA", country="CA")  # 加拿大 jiā
    make_delegation(event, name="Delegation SY", country="SY")  # 叙利亚 xù
    return event


def test_a_created_delegation_answers_with_its_precedence_position(protocol, base, chinese_order):
    response = protocol.post(f"{base}delegations/", {"name": "Delegation KH", "country": "KH"}, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert (created["precedence_position"], created["country_name"]) == (2, "柬埔寨")  # 柬埔寨 jiǎn
    fetched = protocol.get(f"{base}delegations/{created['id']}/").json()
    assert (fetched["precedence_position"], fetched["country_name"]) == (2, "柬埔寨")


def test_an_updated_delegation_answers_with_its_new_position(protocol, base, chinese_order):
    syria = chinese_order.delegations.get(country="SY")
    response = protocol.patch(f"{base}delegations/{syria.pk}/", {"precedence_override": 1}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["precedence_position"] == 1
    assert protocol.get(f"{base}delegations/{syria.pk}/").json()["precedence_position"] == 1
