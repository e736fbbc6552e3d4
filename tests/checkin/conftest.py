import datetime
import uuid

import pytest

from badges.domain.qr import encode_payload
from checkin.models import Reentry
from tests import factories

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
# A moment inside the test event (2023-10-31 … 2023-11-03, badges valid until 11-04 00:00 +08:00).
DURING_EVENT = datetime.datetime(2023, 11, 1, 9, 0, tzinfo=SHANGHAI)


def make_zone(event, code, name=None, reentry=None):
    zone = factories.AccessZoneFactory(event=event, code=code, **({"name": name} if name else {}))
    if reentry:
        factories.ZonePolicyFactory(zone=zone, reentry=reentry)
    return zone


def make_checkpoint(event, zones, direction="entry", name=None, **kwargs):
    if name:
        kwargs["name"] = name
    return factories.CheckpointFactory(event=event, zones=zones, direction=direction, **kwargs)


def make_badge(event, zones, valid_from=None, valid_until=None, **guest_fields):
    """An approved guest's badge with these zones, valid from a day ago to a day ahead (unless given)."""
    validity = {key: value for key, value in (("valid_from", valid_from), ("valid_until", valid_until)) if value}
    return factories.BadgeFactory(guest=factories.GuestFactory(event=event, **guest_fields), zones=zones, **validity)


def code_of(badge):
    badge.refresh_from_db()
    return encode_payload(badge)


def nonce():
    return uuid.uuid4().hex


@pytest.fixture
def zones(event):
    return {
        "plenary": make_zone(event, "PLENARY", {"en": "Plenary hall", "zh-hans": "全体会议厅"}, Reentry.SINGLE),
        "lounge": make_zone(event, "LOUNGE", {"en": "VIP lounge", "zh-hans": "贵宾室"}, Reentry.UNLIMITED),
        "press": make_zone(event, "PRESS", {"en": "Press centre", "zh-hans": "新闻中心"}),
    }


@pytest.fixture
def gate(event, zones):
    return make_checkpoint(event, [zones["plenary"]], name={"en": "North gate", "zh-hans": "北门"})


@pytest.fixture
def exit_gate(event, zones):
    return make_checkpoint(event, [zones["plenary"]], direction="exit", name={"en": "North exit", "zh-hans": "北出口"})


@pytest.fixture
def badge(event, zones):
    return make_badge(event, [zones["plenary"], zones["lounge"]])


@pytest.fixture
def scanner(as_role):
    return as_role("checkin")


@pytest.fixture
def scan_url(event):
    return f"/api/v1/events/{event.slug}/checkin/scan/"


@pytest.fixture
def post_scan(scanner, scan_url):
    def post(qr, checkpoint, client=None, **extra):
        body = {"qr": qr, "checkpoint": checkpoint.pk, "nonce": extra.pop("nonce", None) or nonce(), **extra}
        return (client or scanner).post(scan_url, body, format="json")

    return post
