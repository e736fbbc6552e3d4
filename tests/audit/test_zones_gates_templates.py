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


def test_badge_templates_through_the_api(api, event, officer):
    old = factories.BadgeTemplateFactory(event=event, name="Old default", is_default=True)
    response = api.post(url(event, "badge-templates/"), {"name": "A6 portrait", "size": "a6", "orientation": "portrait"},
                        format="json")
    assert response.status_code == 201, response.content
    template_id = response.json()["id"]
    created = only_entry(action="badgetemplate.created")
    assert by_token(created, officer) and (created.object_type, created.object_id) == ("badgetemplate", template_id)
    assert created.changes["name"] == [None, "A6 portrait"] and created.changes["size"] == [None, "a6"]
    response = api.patch(url(event, f"badge-templates/{template_id}/"), {"is_default": True, "crop_marks": False},
                         format="json")
    assert response.status_code == 200, response.content
    changed = only_entry(action="badgetemplate.changed")
    assert changed.changes == {"is_default": [False, True], "crop_marks": [True, False]}
    assert changed.details == {"no_longer_default": [old.pk]}
    old.refresh_from_db()
    assert not old.is_default
    assert api.delete(url(event, f"badge-templates/{template_id}/")).status_code == 204
    deleted = only_entry(action="badgetemplate.deleted")
    assert by_token(deleted, officer) and (deleted.object_id, deleted.object_label) == (template_id, "A6 portrait")


def test_a_template_with_batches_is_not_deleted_and_nothing_is_recorded(api, event):
    template = factories.BadgeTemplateFactory(event=event)
    factories.BadgeBatchFactory(event=event, template=template)
    response = api.delete(url(event, f"badge-templates/{template.pk}/"))
    assert response.status_code == 409 and response.json()["code"] == "template_in_use"
    assert not entries(action="badgetemplate.deleted")


def template_form(template, **changes):
    from django.forms.models import model_to_dict

    data = model_to_dict(template, exclude=["id", "logo"])
    for name in ("category_styles", "front_layout", "back_layout"):
        data[name] = json.dumps(data[name])
    data = {name: ("on" if value is True else value) for name, value in data.items()
            if value is not None and value is not False}
    return {**data, **changes}


def test_badge_templates_through_the_admin(admin_client, event, officer):
    from badges.domain.templates import default_template_values

    model = factories.BadgeTemplateFactory.build(event=event, name="Press card", **default_template_values())
    response = admin_client.post("/admin/badges/badgetemplate/add/", template_form(model))
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = only_entry(action="badgetemplate.created")
    assert by_user(created, officer) and created.changes["name"] == [None, "Press card"]
    template = event.badge_templates.get(name="Press card")
    response = admin_client.post(f"/admin/badges/badgetemplate/{template.pk}/change/",
                                 template_form(template, name="Press card 2025"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert only_entry(action="badgetemplate.changed").changes == {"name": ["Press card", "Press card 2025"]}
    response = admin_client.post(f"/admin/badges/badgetemplate/{template.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert by_user(only_entry(action="badgetemplate.deleted"), officer)
    assert not event.badge_templates.filter(pk=template.pk).exists()


def test_the_admin_does_not_delete_a_zone_on_a_badge(admin_client, event):
    zone = factories.AccessZoneFactory(event=event, code="PRESS")
    factories.BadgeFactory(guest=factories.make_guest(event, status="approved"), zones=[zone])
    page = admin_client.get(f"/admin/badges/accesszone/{zone.pk}/delete/")
    assert page.status_code == 200 and page.context["protected"]
    admin_client.post(f"/admin/badges/accesszone/{zone.pk}/delete/", {"post": "yes"})
    assert AccessZone.objects.filter(pk=zone.pk).exists() and not entries(action="accesszone.deleted")


def test_the_trail_is_filtered_by_these_actions(api, event):
    api.post(url(event, "zones/"), {"code": "VIP", "name": {"en": "VIP lounge"}}, format="json")
    api.post(url(event, "badge-templates/"), {"name": "A6 portrait", "size": "a6"}, format="json")
    for prefix, action in (("accesszone.", "accesszone.created"), ("badgetemplate.", "badgetemplate.created")):
        response = api.get(url(event, "audit-log/"), {"action": prefix})
        assert response.status_code == 200, response.content
        assert [row["action"] for row in response.json()["results"]] == [action]
