"""Who may read (and change) zones, badge templates, badges and the font coverage report, role by
role, as the README's "Badges" and "Check-in" headings say: zones and templates are event set-up
(view_event); badges and the coverage report name guests (view_guests); previews, print runs and
every change need manage_badges; check-in zone policies are changed with change_event."""
import pytest

from badges.domain.issuing import issue_badge
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ("owner", "manager", "protocol", "registration", "checkin", "viewer")
EVERYONE = set(ROLES)
VIEW_GUESTS = {"owner", "manager", "protocol", "registration", "viewer"}
MANAGE_BADGES = {"owner", "manager", "protocol"}
CHANGE_EVENT = {"owner", "manager"}


@pytest.fixture
def badge(event, zones):
    return issue_badge(factories.make_guest(event), zones=zones[:1])[0]


def allowed_roles(as_role, method, url, body=None):
    """The roles that get past the right check (anything but 403) on this request."""
    allowed = set()
    for role in ROLES:
        client = as_role(role)
        response = client.get(url) if method == "get" else getattr(client, method)(url, body or {}, format="json")
        assert response.status_code != 404 and response.status_code < 500, (role, method, url, response.content)
        if response.status_code != 403:
            allowed.add(role)
        else:
            assert response.json()["code"] == "insufficient_role"
    return allowed


@pytest.mark.parametrize("resource", ["zones", "badge-templates"])
def test_zones_and_badge_templates_are_read_by_every_member_and_changed_with_manage_badges(
        as_role, event, zones, template, resource):
    base = f"/api/v1/events/{event.slug}/{resource}/"
    one = f"{base}{(zones[0] if resource == 'zones' else template).pk}/"
    assert allowed_roles(as_role, "get", base) == EVERYONE
    assert allowed_roles(as_role, "get", one) == EVERYONE
    assert allowed_roles(as_role, "post", base) == MANAGE_BADGES
    assert allowed_roles(as_role, "patch", one) == MANAGE_BADGES


def test_badges_are_read_with_view_guests_and_previewed_and_changed_with_manage_badges(as_role, event, badge):
    base = f"/api/v1/events/{event.slug}/badges/"
    assert allowed_roles(as_role, "get", base) == VIEW_GUESTS
    assert allowed_roles(as_role, "get", f"{base}{badge.pk}/") == VIEW_GUESTS
    assert allowed_roles(as_role, "get", f"{base}{badge.pk}/preview/png/") == MANAGE_BADGES
    assert allowed_roles(as_role, "post", base) == MANAGE_BADGES
    assert allowed_roles(as_role, "get", f"/api/v1/events/{event.slug}/badge-batches/") == MANAGE_BADGES


def test_the_coverage_report_is_read_with_view_guests(as_role, event, template):
    assert allowed_roles(as_role, "get", f"/api/v1/events/{event.slug}/badges/coverage/") == VIEW_GUESTS


def test_checkin_zone_policies_are_read_by_every_member_and_changed_with_change_event(as_role, event, zones):
    base = f"/api/v1/events/{event.slug}/checkin/zones/"
    one = f"{base}{zones[0].pk}/"
    assert allowed_roles(as_role, "get", base) == EVERYONE
    assert allowed_roles(as_role, "get", one) == EVERYONE
    assert allowed_roles(as_role, "patch", one) == CHANGE_EVENT


def test_the_readme_says_the_same():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert ("**Badges** (zones and templates: read with `view_event`; badges and `badges/coverage/`: read with "
            "`view_guests`; previews, print runs and every change: `manage_badges`)") in readme
    assert ("**Check-in** (checkpoints and zone policies: read with `view_event`, changed with `change_event`; "
            "scan: `checkin`; attendance: `view_attendance`)") in readme
