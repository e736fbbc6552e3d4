"""PATCH of a zone's re-entry policy: only what is sent changes; nothing sent, nothing changes."""
import pytest

from checkin.models import ZonePolicy

pytestmark = pytest.mark.django_db


def test_patch_with_nothing_changes_nothing(as_role, event, zones):
    manager = as_role("manager")
    url = f"/api/v1/events/{event.slug}/checkin/zones/"
    before = manager.get(url).json()
    policies = list(ZonePolicy.objects.order_by("pk").values_list("zone_id", "reentry", "updated_at"))
    for zone in zones.values():
        response = manager.patch(f"{url}{zone.pk}/", {}, format="json")
        assert response.status_code == 200, response.content
        assert response.json() == next(row for row in before if row["id"] == zone.pk)
    assert manager.get(url).json() == before
    assert list(ZonePolicy.objects.order_by("pk").values_list("zone_id", "reentry", "updated_at")) == policies


def test_patch_of_a_zone_without_a_policy_row_makes_one(as_role, event, zones):
    manager = as_role("manager")
    response = manager.patch(f"/api/v1/events/{event.slug}/checkin/zones/{zones['press'].pk}/",
                             {"reentry": "single"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"id": zones["press"].pk, "code": "PRESS", "name": {"en": "Press centre", "zh-hans": "新闻中心"},
                               "colour": zones["press"].colour, "bit": zones["press"].bit, "reentry": "single"}
    assert ZonePolicy.objects.get(zone=zones["press"]).reentry == "single"


def test_reentry_is_in_the_zone_schema_the_api_answers_with():
    from tests.helpers.api_schema import api_schema

    zone = api_schema()["components"]["schemas"]["ZonePolicy"]
    assert zone["properties"]["reentry"]["$ref"].endswith("ReentryEnum") and "writeOnly" not in zone["properties"]["reentry"]
