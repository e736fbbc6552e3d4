"""Access zones, checkpoints (gates) and badge templates through the API (the token) and the admin
(the signed-in user): exactly one entry per action, with the diff."""
import json

import pytest

from audit.models import ActorKind
from badges.models import AccessZone
from tests import factories

from .conftest import entries, only_entry

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(event):
    return factories.make_member(event, "owner", username="li.wei", is_staff=True)


@pytest.fixture
def api(officer):
    from tests.conftest import client_for

    return client_for(officer)


@pytest.fixture
def admin_client(client, officer):
    client.force_login(officer)
    return client


def url(event, tail):
    return f"/api/v1/events/{event.slug}/{tail}"


def by_token(entry, officer):
    return entry.actor_kind == ActorKind.API_TOKEN and entry.actor_id == str(officer.api_tokens.get().pk)


def by_user(entry, officer):
    return (entry.actor_kind, entry.actor_id, entry.actor_label) == (ActorKind.USER, str(officer.pk), "li.wei")


def test_zones_through_the_api(api, event, officer):
    response = api.post(url(event, "zones/"), {"code": "VIP", "name": {"en": "VIP lounge"}}, format="json")
    assert response.status_code == 201, response.content
    zone_id = response.json()["id"]
    created = only_entry(action="accesszone.created")
    assert by_token(created, officer) and (created.object_type, created.object_id) == ("accesszone", zone_id)
    assert created.changes["code"] == [None, "VIP"] and created.changes["bit"] == [None, response.json()["bit"]]
    response = api.patch(url(event, f"zones/{zone_id}/"), {"colour": "#AA0000"}, format="json")
    assert response.status_code == 200, response.content
    assert only_entry(action="accesszone.changed").changes == {"colour": ["#444444", "#AA0000"]}
    assert api.delete(url(event, f"zones/{zone_id}/")).status_code == 204
    deleted = only_entry(action="accesszone.deleted")
    assert by_token(deleted, officer) and deleted.object_id == zone_id and deleted.object_label == "VIP"


def test_a_zone_on_a_badge_is_not_deleted_and_nothing_is_recorded(api, event):
    zone = factories.AccessZoneFactory(event=event, code="PRESS")
    factories.BadgeFactory(guest=factories.make_guest(event, status="approved"), zones=[zone])
    response = api.delete(url(event, f"zones/{zone.pk}/"))
    assert response.status_code == 409 and response.json()["code"] == "zone_in_use"
    assert AccessZone.objects.filter(pk=zone.pk).exists()
    assert not entries(action="accesszone.deleted")


def zone_form(event, **changes):
    return {"event": event.pk, "code": "PLENARY", "name": json.dumps({"en": "Plenary hall"}), "colour": "#444444",
            "default_categories": "[]", **changes}


def test_zones_through_the_admin(admin_client, event, officer):
    response = admin_client.post("/admin/badges/accesszone/add/", zone_form(event))
    assert response.status_code == 302, response.content.decode()[:3000]
    created = only_entry(action="accesszone.created")
    assert by_user(created, officer) and created.changes["code"] == [None, "PLENARY"]
    zone = AccessZone.objects.get(event=event, code="PLENARY")
    response = admin_client.post(f"/admin/badges/accesszone/{zone.pk}/change/", zone_form(event, colour="#00AA00"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert only_entry(action="accesszone.changed").changes == {"colour": ["#444444", "#00AA00"]}
    response = admin_client.post(f"/admin/badges/accesszone/{zone.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert by_user(only_entry(action="accesszone.deleted"), officer)
    assert not AccessZone.objects.filter(pk=zone.pk).exists()


def test_checkpoints_through_the_api(api, event, officer):
    plenary, vip = (factories.AccessZoneFactory(event=event, code=code) for code in ("PLENARY", "VIP"))
    response = api.post(url(event, "checkin/checkpoints/"), {"name": {"en": "North gate"}, "zones": [vip.pk, plenary.pk]},
                        format="json")
    assert response.status_code == 201, response.content
    gate_id = response.json()["id"]
    created = only_entry(action="checkpoint.created")
    assert by_token(created, officer) and (created.object_type, created.object_id) == ("checkpoint", gate_id)
    assert created.changes["zones"] == [None, sorted([plenary.pk, vip.pk])]
    response = api.patch(url(event, f"checkin/checkpoints/{gate_id}/"), {"zones": [vip.pk], "is_active": False},
                         format="json")
    assert response.status_code == 200, response.content
    assert only_entry(action="checkpoint.changed").changes == {
        "zones": [sorted([plenary.pk, vip.pk]), [vip.pk]], "is_active": [True, False]}
    assert api.delete(url(event, f"checkin/checkpoints/{gate_id}/")).status_code == 204
    assert by_token(only_entry(action="checkpoint.deleted"), officer)


def test_a_checkpoint_with_scans_is_not_deleted_and_nothing_is_recorded(api, event):
    from tests.checkin.conftest import code_of, make_badge, make_checkpoint, nonce

    zone = factories.AccessZoneFactory(event=event, code="PLENARY")
    gate = make_checkpoint(event, [zone])
    badge = make_badge(event, [zone])
    assert api.post(url(event, "checkin/scan/"), {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": nonce()},
                    format="json").status_code == 201
    response = api.delete(url(event, f"checkin/checkpoints/{gate.pk}/"))
    assert response.status_code == 409 and response.json()["code"] == "checkpoint_has_scans"
    assert not entries(action="checkpoint.deleted")


def test_checkpoints_through_the_admin(admin_client, event, officer):
    plenary, vip = (factories.AccessZoneFactory(event=event, code=code) for code in ("PLENARY", "VIP"))
    form = {"event": event.pk, "name": json.dumps({"en": "South gate"}), "zones": [plenary.pk], "direction": "entry",
            "is_active": "on"}
    response = admin_client.post("/admin/checkin/checkpoint/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    created = only_entry(action="checkpoint.created")
    assert by_user(created, officer) and created.changes["zones"] == [None, [plenary.pk]]
    gate = event.checkpoints.get()
    response = admin_client.post(f"/admin/checkin/checkpoint/{gate.pk}/change/",
                                 {**form, "zones": [plenary.pk, vip.pk], "direction": "both"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert only_entry(action="checkpoint.changed").changes == {
        "zones": [[plenary.pk], sorted([plenary.pk, vip.pk])], "direction": ["entry", "both"]}
    assert sorted(gate.zones.values_list("pk", flat=True)) == sorted([plenary.pk, vip.pk])
    assert admin_client.post(f"/admin/checkin/checkpoint/{gate.pk}/delete/", {"post": "yes"}).status_code == 302
    assert by_user(only_entry(action="checkpoint.deleted"), officer)
    assert not event.checkpoints.exists()
