import pytest

from tests import factories


@pytest.fixture
def protocol(as_role):
    return as_role("protocol")


@pytest.fixture
def viewer(as_role):
    return as_role("viewer")


@pytest.fixture
def base(event):
    """/api/v1/events/<slug>/"""
    return f"/api/v1/events/{event.slug}/"


@pytest.fixture
def venue(event):
    return factories.VenueFactory(event=event)
