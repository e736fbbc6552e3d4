import pytest

from events.models import Event, ProgrammeSession, Venue
from tests import factories

pytestmark = pytest.mark.django_db


def test_event_validation_names_each_field(superuser_client, event):
    response = superuser_client.post("/api/v1/events/", {
        "slug": event.slug, "name": {"en": "Bad\x00", "tlh": "x"}, "timezone": "Mars/Olympus_Mons",
        "start_date": "2024-05-03", "end_date": "2024-05-01",
    }, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "already exists" in body["slug"][0]
    assert "timezone" in body and "Mars/Olympus_Mons" in body["timezone"][0]
    assert "name" in body


def test_event_end_before_start(superuser_client):
    response = superuser_client.post("/api/v1/events/", {
        "slug": "backwards", "name": {"en": "Backwards"}, "timezone": "Asia/Almaty",
        "start_date": "2024-05-03", "end_date": "2024-05-01",
    }, format="json")
    assert response.status_code == 400
    assert response.json() == {"end_date": ["The event cannot end before it starts."]}
    assert not Event.objects.filter(slug="backwards").exists()


def test_session_rejects_naive_and_backwards_times(event, as_role):
    client = as_role("manager")
    base = {"title": {"en": "Plenary", "zh-hans": "全体会议"}, "kind": "plenary"}
    naive = client.post(f"/api/v1/events/{event.slug}/sessions/", {**base, "start": "2023-11-01T09:00", "end": "2023-11-01T10:00+08:00"}, format="json")
    assert naive.status_code == 400 and "UTC offset" in naive.json()["start"][0]
    backwards = client.post(f"/api/v1/events/{event.slug}/sessions/",
                            {**base, "start": "2023-11-01T10:00+08:00", "end": "2023-11-01T09:00+08:00"}, format="json")
    assert backwards.status_code == 400 and "end" in backwards.json()
    assert ProgrammeSession.objects.count() == 0


@pytest.mark.parametrize("value", ["2026-13-45T25:00", "2026-02-30T10:00+08:00", "2026-01-01T24:61:00Z", "2026-01-01T10:00+99:00"])
def test_session_time_out_of_range_is_a_400_naming_the_field(event, as_role, value):
    response = as_role("manager").post(f"/api/v1/events/{event.slug}/sessions/", {
        "title": {"en": "Plenary"}, "start": value, "end": "2023-11-01T10:00+08:00"}, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == ["start"]
    assert ProgrammeSession.objects.count() == 0


def test_session_with_venue_of_other_event_is_refused(event, other_event, as_role):
    foreign_venue = factories.make_venue(other_event)
    response = as_role("manager").post(f"/api/v1/events/{event.slug}/sessions/", {
        "title": {"en": "Plenary"}, "start": "2023-11-01T09:00+08:00", "end": "2023-11-01T10:00+08:00", "venue": foreign_venue.pk,
    }, format="json")
    assert response.status_code == 400 and "venue" in response.json()


def test_session_sequence_bumps_only_on_calendar_changes(event):
    session = factories.make_session(event)
    uid = session.uid
    session = ProgrammeSession.objects.get(pk=session.pk)
    session.invited_categories = ["minister"]
    session.save()
    assert ProgrammeSession.objects.get(pk=session.pk).sequence == 0
    session = ProgrammeSession.objects.get(pk=session.pk)
    session.title = {"en": "Opening ceremony (moved)"}
    session.save()
    session = ProgrammeSession.objects.get(pk=session.pk)
    assert session.sequence == 1 and session.uid == uid


def test_venue_validation(event, as_role):
    client = as_role("manager")
    response = client.post(f"/api/v1/events/{event.slug}/venues/", {"name": {"en": "Hall"}, "timezone": "Nowhere/City", "latitude": "95"}, format="json")
    assert response.status_code == 400
    assert {"timezone", "latitude"} <= set(response.json())
    assert Venue.objects.count() == 0


def test_multilingual_name_validation(event, as_role):
    client = as_role("manager")
    for name, fragment in [("plain string", "Expected an object"), ({"en": ""}, "At least one"),
                           ({"xx": "Hall"}, "Unknown language"), ({"en": "H" * 301}, "limit is 300")]:
        response = client.post(f"/api/v1/events/{event.slug}/venues/", {"name": name}, format="json")
        assert response.status_code == 400
        assert fragment in response.json()["name"][0]


def test_openapi_schema_validates_without_warnings(superuser_client, capsys):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    response = superuser_client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/events/{event_slug}/guests/{id}/approve/" in paths
    assert superuser_client.get("/api/docs/").status_code == 200


def test_the_api_docs_load_nothing_from_other_hosts(superuser_client):
    """A protocol office's network may have no internet (or no CDN that works from it)."""
    import re

    from django.test import Client

    page = superuser_client.get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page) + re.findall(r'"(https?://[^"]+\.(?:js|css))"', page)
    assert sources and not [s for s in sources if s.startswith(("http:", "https:", "//"))], sources
    scripts = [s for s in sources if s.endswith(".js")]
    assert any("swagger-ui-bundle" in s for s in scripts), scripts
    for asset in scripts:
        response = Client().get(asset)
        assert response.status_code == 200, asset


def test_unknown_api_path_is_json_404(api):
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_venue_in_use_cannot_be_deleted_but_the_whole_event_can(event, as_role):
    from delegations.models import ItineraryItem

    venue = factories.make_venue(event)
    factories.make_session(event, venue=venue)
    delegation = factories.DelegationFactory(event=event, name="Delegation of Kazakhstan", country="KZ")
    factories.ItineraryItemFactory(
        event=event, delegation=delegation, venue=venue, kind="meeting", title={"en": "Meeting"},
        start="2023-11-01T09:00+08:00", end="2023-11-01T10:00+08:00",
        start_timezone="Asia/Shanghai", end_timezone="Asia/Shanghai",
    )
    owner = as_role("owner")
    response = owner.delete(f"/api/v1/events/{event.slug}/venues/{venue.pk}/")
    assert response.status_code == 409
    assert response.json()["code"] == "in_use" and "programme sessions" in response.json()["detail"]
    assert Venue.objects.filter(pk=venue.pk).exists()

    assert owner.delete(f"/api/v1/events/{event.slug}/").status_code == 204
    assert not Event.objects.filter(pk=event.pk).exists()
    assert not ItineraryItem.objects.exists() and not Venue.objects.exists()


@pytest.mark.django_db(transaction=False)
def test_event_with_badges_and_scans_can_be_deleted(event, as_role):
    """Every app's rows go with the event (RESTRICT, not PROTECT, inside one event)."""
    from badges.domain.issuing import issue_badge
    from badges.domain.qr import encode_payload
    from checkin.domain.scanning import scan
    from checkin.models import Checkpoint, Scan

    guest = factories.make_guest(event)
    zone = factories.AccessZoneFactory(event=event, code="ALL", name={"en": "All areas"})
    badge, _ = issue_badge(guest, zones=[zone])
    gate = factories.CheckpointFactory(event=event, name={"en": "North gate"}, direction="entry")
    gate.zones.add(zone)
    scan(event, gate.pk, encode_payload(badge), "nonce-0001-test", now=badge.valid_from)
    assert Scan.objects.count() == 1
    assert as_role("owner").delete(f"/api/v1/events/{event.slug}/?confirm={event.slug}").status_code == 204
    assert not Scan.objects.exists() and not Checkpoint.objects.exists()


def test_venue_needs_both_coordinates_or_neither_also_on_patch(event, as_role):
    client = as_role("manager")
    url = f"/api/v1/events/{event.slug}/venues/"
    lone = client.post(url, {"name": {"en": "Hall"}, "latitude": "24.48"}, format="json")
    assert lone.status_code == 400
    assert lone.json() == {"longitude": ["Give both latitude and longitude, or neither."]}
    venue = factories.make_venue(event)
    cleared = client.patch(f"{url}{venue.pk}/", {"longitude": None}, format="json")
    assert cleared.status_code == 400 and "longitude" in cleared.json()
    both_cleared = client.patch(f"{url}{venue.pk}/", {"latitude": None, "longitude": None}, format="json")
    assert both_cleared.status_code == 200 and both_cleared.json()["latitude"] is None
