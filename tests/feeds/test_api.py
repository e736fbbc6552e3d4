"""/api/v1/events/{slug}/feeds/: creating, listing, rotating and revoking feeds; .ics downloads."""
from urllib.parse import quote

import icalendar
import pytest
from django.test import Client

from feeds.models import FeedToken
from tests import factories

from .conftest import INTERNAL, PASSPORT


def feeds_url(event, rest=""):
    return f"/api/v1/events/{event.slug}/feeds/{rest}"


@pytest.fixture
def protocol(world, as_role):
    return as_role("protocol", target=world.event)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_create_returns_working_urls(world, protocol):
    response = protocol.post(feeds_url(world.event), {"scope": "guest", "guest": world.guest.pk}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["scope"] == "guest" and body["guest"] == world.guest.pk
    assert body["language"] == "ru"  # the guest's own language by default
    assert body["calendar_name"] == "Тестовый форум — Kassym Tokayev"
    url = body["url"]
    assert url.startswith("https://testserver/ical/") and url.endswith(".ics")
    assert len(url.rsplit("/", 1)[1]) == 43 + 4
    assert body["webcal_url"] == "webcal://" + url[len("https://"):]
    assert body["google_calendar_url"] == "https://calendar.google.com/calendar/r?cid=" + quote(body["webcal_url"], safe="")
    assert "%3A%2F%2F" in body["google_calendar_url"]
    feed = Client().get(path_of(url))
    assert feed.status_code == 200 and "Вылет из Алматы".encode() in feed.content
    # The API shows the same URL again later.
    assert protocol.get(feeds_url(world.event, f"{body['id']}/")).json()["url"] == url


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"scope": "guest"}, "guest"),
        ({"scope": "delegation"}, "delegation"),
        ({"scope": "programme", "guest": "GUEST"}, "guest"),
        ({"scope": "vehicle", "vehicle": "CAR", "staff": "STAFF"}, "staff"),
        ({"scope": "nonsense"}, "scope"),
        ({"scope": "programme", "language": "klingon"}, "language"),
        ({"scope": "programme", "language": "en\x00"}, "language"),
        ({"scope": "programme", "language": "x" * 5000}, "language"),
        ({"scope": "programme", "label": "a\x00b"}, "label"),
        ({"scope": "programme", "label": "x" * 201}, "label"),
        ({"scope": "guest", "guest": 99999999}, "guest"),
        ({"scope": "guest", "guest": "OTHER_EVENT_GUEST"}, "guest"),
        ({"scope": "staff", "staff": "OTHER_EVENT_STAFF"}, "staff"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(world, protocol, payload, field):
    other = factories.make_event(slug="other-summit")
    replacements = {
        "GUEST": world.guest.pk, "CAR": world.car.pk, "STAFF": world.liaison.pk,
        "OTHER_EVENT_GUEST": factories.make_guest(other).pk,
        "OTHER_EVENT_STAFF": factories.StaffFactory(event=other, full_name="X", role="driver").pk,
    }
    payload = {key: replacements.get(value, value) if isinstance(value, str) else value for key, value in payload.items()}
    response = protocol.post(feeds_url(world.event), payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert FeedToken.objects.count() == 0


def test_language_spellings_are_normalized(world, protocol):
    response = protocol.post(feeds_url(world.event), {"scope": "programme", "language": "zh_CN"}, format="json")
    assert response.json()["language"] == "zh-hans"
    response = protocol.post(feeds_url(world.event), {"scope": "staff", "staff": world.liaison.pk}, format="json")
    assert response.json()["language"] == "zh-hans"  # the event's default


def test_rotate_and_revoke(world, protocol):
    created = protocol.post(feeds_url(world.event), {"scope": "delegation", "delegation": world.delegation.pk}, format="json").json()
    assert created["language"] == "ru"  # the delegation's working language
    old = path_of(created["url"])
    rotated = protocol.post(feeds_url(world.event, f"{created['id']}/rotate/"))
    assert rotated.status_code == 200
    new = path_of(rotated.json()["url"])
    assert new != old and rotated.json()["rotated_at"]
    public = Client()
    assert public.get(old).status_code == 404 and public.get(new).status_code == 200
    revoked = protocol.post(feeds_url(world.event, f"{created['id']}/revoke/"))
    assert revoked.status_code == 200
    assert revoked.json()["is_active"] is False and revoked.json()["url"] is None and revoked.json()["revoked_at"]
    assert public.get(new).status_code == 404
    assert protocol.post(feeds_url(world.event, f"{created['id']}/rotate/")).status_code == 409
    # DELETE revokes too, and keeps the record.
    other = protocol.post(feeds_url(world.event), {"scope": "programme"}, format="json").json()
    assert protocol.delete(feeds_url(world.event, f"{other['id']}/")).status_code == 204
    assert public.get(path_of(other["url"])).status_code == 404
    active = protocol.get(feeds_url(world.event), {"active": "true"}).json()
    assert active["count"] == 0
    assert protocol.get(feeds_url(world.event)).json()["count"] == 2


def test_patch_changes_language_and_label_but_not_scope(world, protocol):
    created = protocol.post(feeds_url(world.event), {"scope": "guest", "guest": world.guest.pk}, format="json").json()
    url = feeds_url(world.event, f"{created['id']}/")
    changed = protocol.patch(url, {"language": "en", "label": "For the assistant"}, format="json")
    assert changed.status_code == 200 and changed.json()["language"] == "en"
    assert b"Departure from Almaty" in Client().get(path_of(created["url"])).content
    assert protocol.patch(url, {"guest": world.other_guest.pk}, format="json").status_code == 400
    assert protocol.patch(url, {"scope": "programme"}, format="json").status_code == 400
    assert protocol.put(url, {"scope": "programme"}, format="json").status_code == 405


@pytest.mark.parametrize(
    "role, can_list, sees_urls, can_create",
    [
        ("owner", True, True, True),
        ("manager", True, True, True),
        ("protocol", True, True, True),
        ("registration", True, False, False),
        ("viewer", True, False, False),
        ("checkin", False, False, False),
    ],
)
def test_rights(world, protocol, as_role, role, can_list, sees_urls, can_create):
    created = protocol.post(feeds_url(world.event), {"scope": "programme"}, format="json").json()
    client = as_role(role, target=world.event)
    listing = client.get(feeds_url(world.event))
    assert listing.status_code == (200 if can_list else 403)
    if can_list:
        [row] = listing.json()["results"]
        assert (row["url"] is not None) == sees_urls
        assert (row["google_calendar_url"] is not None) == sees_urls
    response = client.post(feeds_url(world.event), {"scope": "programme"}, format="json")
    assert response.status_code == (201 if can_create else 403)
    for action in ("rotate/", "revoke/"):
        status = client.post(feeds_url(world.event, f"{created['id']}/{action}")).status_code
        assert status == (200 if can_create else 403)


def test_other_events_and_outsiders_see_nothing(world, protocol, as_role):
    created = protocol.post(feeds_url(world.event), {"scope": "programme"}, format="json").json()
    other = factories.make_event(slug="elsewhere")
    outsider = as_role("owner", target=other)
    assert outsider.get(feeds_url(world.event)).status_code == 404
    assert outsider.get(feeds_url(other, f"{created['id']}/")).status_code == 404
    assert outsider.post(feeds_url(other, f"{created['id']}/revoke/")).status_code == 404
    assert FeedToken.objects.get(pk=created["id"]).revoked_at is None
    assert Client().get(feeds_url(world.event)).status_code == 401


def test_list_runs_a_constant_number_of_queries(world, protocol, django_assert_max_num_queries):
    for guest in [world.guest, world.other_guest]:
        protocol.post(feeds_url(world.event), {"scope": "guest", "guest": guest.pk}, format="json")
    protocol.post(feeds_url(world.event), {"scope": "delegation", "delegation": world.delegation.pk}, format="json")
    protocol.post(feeds_url(world.event), {"scope": "staff", "staff": world.liaison.pk}, format="json")
    protocol.post(feeds_url(world.event), {"scope": "vehicle", "vehicle": world.car.pk}, format="json")
    protocol.post(feeds_url(world.event), {"scope": "programme"}, format="json")
    with django_assert_max_num_queries(6):
        response = protocol.get(feeds_url(world.event))
    assert response.json()["count"] == 6
    for _ in range(10):
        guest = factories.make_guest(world.event)
        protocol.post(feeds_url(world.event), {"scope": "guest", "guest": guest.pk}, format="json")
    with django_assert_max_num_queries(6):
        assert protocol.get(feeds_url(world.event)).json()["count"] == 16


def test_filters(world, protocol):
    protocol.post(feeds_url(world.event), {"scope": "guest", "guest": world.guest.pk}, format="json")
    protocol.post(feeds_url(world.event), {"scope": "programme"}, format="json")
    assert protocol.get(feeds_url(world.event), {"scope": "guest"}).json()["count"] == 1
    assert protocol.get(feeds_url(world.event), {"guest": world.guest.pk}).json()["count"] == 1
    assert protocol.get(feeds_url(world.event), {"guest": "abc"}).status_code == 400


def test_guest_download(world, protocol):
    response = protocol.get(feeds_url(world.event, f"guests/{world.guest.pk}.ics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="itinerary-tokayev-kassym-{world.guest.pk}.ics"'
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert len(calendar.walk("VEVENT")) == 7
    assert "Вылет из Алматы".encode() in response.content  # the guest's language by default
    english = protocol.get(feeds_url(world.event, f"guests/{world.guest.pk}.ics"), {"language": "en"})
    assert b"Departure from Almaty" in english.content
    assert PASSPORT.encode() not in response.content and INTERNAL.encode() not in response.content.replace(b"\r\n ", b"")
    # Accept: text/calendar is fine (no 406).
    assert protocol.get(feeds_url(world.event, f"guests/{world.guest.pk}.ics"), HTTP_ACCEPT="text/calendar").status_code == 200


def test_chinese_only_names_get_a_safe_filename(world, protocol):
    guest = factories.make_guest(world.event, family_name="王", given_name="芳", delegation=world.delegation)
    response = protocol.get(feeds_url(world.event, f"guests/{guest.pk}.ics"))
    assert response["Content-Disposition"] == f'attachment; filename="itinerary-{guest.pk}.ics"'
    delegation = factories.DelegationFactory(event=world.event, name='../"evil"\r\nname', country="KZ")
    response = protocol.get(feeds_url(world.event, f"delegations/{delegation.pk}.ics"))
    assert response["Content-Disposition"] == f'attachment; filename="itinerary-evil-name-{delegation.pk}.ics"'


def test_item_and_session_downloads(world, protocol):
    response = protocol.get(feeds_url(world.event, f"items/{world.arrival.uid}.ics"), {"language": "ru"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="departure-from-almaty-')
    [vevent] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["UID"]) == f"{world.arrival.uid}@liaison" and str(vevent["SUMMARY"]) == "Вылет из Алматы"
    session = protocol.get(feeds_url(world.event, f"items/{world.opening.uid}.ics"))
    assert session.status_code == 200
    assert "开幕式".encode() in session.content  # the event's default language
    programme = protocol.get(feeds_url(world.event, "programme.ics"), {"language": "en"})
    assert programme.status_code == 200 and b"Opening ceremony" in programme.content


def test_downloads_of_other_events_and_bad_ids_are_404(world, protocol, as_role):
    other = factories.make_event(slug="other-forum")
    stranger = factories.make_guest(other)
    assert protocol.get(feeds_url(world.event, f"guests/{stranger.pk}.ics")).status_code == 404
    assert protocol.get(feeds_url(world.event, "items/00000000-0000-0000-0000-000000000000.ics")).status_code == 404
    assert protocol.get(feeds_url(world.event, "items/not-a-uuid.ics")).status_code == 404
    assert protocol.get(feeds_url(world.event, "guests/1%00.ics")).status_code == 404
    assert as_role("checkin", target=world.event).get(feeds_url(world.event, f"guests/{world.guest.pk}.ics")).status_code == 403
    outsider = as_role("owner", target=other)
    assert outsider.get(feeds_url(world.event, f"items/{world.arrival.uid}.ics")).status_code == 404
