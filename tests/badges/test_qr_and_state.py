import datetime

import pytest
import segno

from badges.domain import qr
from badges.domain.issuing import BadgeNotAllowed, issue_badge, reprint_badge, revocation_list, revoke_badge
from badges.domain.validity import (
    Expired,
    NotYetValid,
    Revoked,
    Superseded,
    UnknownBadge,
    WrongEvent,
    check_badge_state,
    verify_badge_code,
)
from badges.models import Badge, EventSigningKey, RevocationEntry
from tests import factories

pytestmark = pytest.mark.django_db
DURING = datetime.datetime(2023, 11, 1, 10, 0, tzinfo=datetime.timezone.utc)


@pytest.fixture
def zones(event):
    return [
        factories.AccessZoneFactory(event=event, code="ALL", name={"en": "All areas"}, default_for_all=True),
        factories.AccessZoneFactory(event=event, code="VIP", name={"en": "VIP lounge"}, default_categories=["minister"]),
        factories.AccessZoneFactory(event=event, code="PRESS", name={"en": "Press centre"}, default_categories=["media"]),
    ]


def test_payload_round_trip_has_no_personal_data_and_fits_qr_version_6(event, zones):
    guest = factories.make_guest(event, category="minister", family_name="TOKAYEV")
    badge, created = issue_badge(guest)
    assert created and badge.version == 1
    assert {z.code for z in badge.zones.all()} == {"ALL", "VIP"}
    # validity defaults to the event's days in its time zone (Asia/Shanghai, UTC+8)
    assert badge.valid_from == datetime.datetime(2023, 10, 30, 16, 0, tzinfo=datetime.timezone.utc)
    assert badge.valid_until == datetime.datetime(2023, 11, 3, 16, 0, tzinfo=datetime.timezone.utc)

    text = qr.encode_payload(badge)
    assert text.startswith("LB1:") and len(text) == 135
    assert "TOKAYEV" not in text and guest.passport_number not in text
    code = segno.make(text, error="m", micro=False)
    assert code.mode == "alphanumeric" and code.version <= 6

    payload = qr.verify_payload(text, qr.public_key_for(event))
    assert (payload.event_id, payload.badge_id, payload.version) == (event.pk, badge.pk, 1)
    assert payload.valid_from == badge.valid_from and payload.valid_until == badge.valid_until
    assert payload.zone_bits == (zones[0].bit, zones[1].bit)
    # the stored public key text is what scanners receive
    key = EventSigningKey.objects.get(event=event)
    assert qr.verify_payload(text, key.public_key) == payload
    assert key.private_key_encrypted.startswith("v1:")


def test_tampered_and_garbled_codes_fail(event, zones):
    badge, _ = issue_badge(factories.make_guest(event))
    text = qr.encode_payload(badge)
    key = qr.public_key_for(event)
    raw = bytearray(qr.b45decode(text[4:]))
    raw[6] ^= 1  # another badge id
    with pytest.raises(qr.BadSignature):
        qr.verify_payload("LB1:" + qr.b45encode(bytes(raw)), key)
    for garbage in ("", "hello", "LB1:", "LB1:abc", text[:-3], text + "00", "LB1:" + "~" * 131, b"\xff\xfe", None, 42):
        with pytest.raises(qr.Garbled):
            qr.verify_payload(garbage, key)
    other_key = qr.public_key_for(factories.make_event())
    with pytest.raises(qr.BadSignature):
        qr.verify_payload(text, other_key)
    assert qr.verify_payload(text + "\r\n", key).badge_id == badge.pk


def test_superseded_revoked_and_time_window(event, zones):
    badge, _ = issue_badge(factories.make_guest(event))
    first = qr.encode_payload(badge)
    badge = reprint_badge(badge)
    second = qr.encode_payload(badge)
    assert badge.version == 2
    with pytest.raises(Superseded):
        verify_badge_code(event, first, now=DURING)
    assert verify_badge_code(event, second, now=DURING)[0].pk == badge.pk
    with pytest.raises(NotYetValid):
        verify_badge_code(event, second, now=datetime.datetime(2023, 10, 30, 15, 59, tzinfo=datetime.timezone.utc))
    with pytest.raises(Expired):
        verify_badge_code(event, second, now=datetime.datetime(2023, 11, 3, 16, 0, tzinfo=datetime.timezone.utc))

    revoke_badge(badge, reason="lost")
    with pytest.raises(Revoked) as error:
        verify_badge_code(event, second, now=DURING)
    assert error.value.code == "revoked" and "lost" in str(error.value)

    listing = revocation_list(event)
    assert [(e["badge_id"], e["version"], e["kind"]) for e in listing["entries"]] == [
        (badge.pk, 1, "superseded"), (badge.pk, 2, "revoked"),
    ]
    assert revocation_list(event, since=listing["cursor"])["entries"] == []

    # reprinting a revoked badge gives a fresh valid code; the revoked one stays revoked (as the gate says)
    badge = reprint_badge(badge)
    third = qr.encode_payload(badge)
    assert verify_badge_code(event, third, now=DURING)[0].version == 3
    with pytest.raises(Revoked) as error:
        verify_badge_code(event, second, now=DURING)
    assert error.value.code == "revoked" and "lost" in str(error.value)
    assert RevocationEntry.objects.filter(badge=badge).count() == 2


def test_codes_of_other_events_and_unknown_badges(event, other_event):
    badge, _ = issue_badge(factories.make_guest(other_event))
    text = qr.encode_payload(badge)
    with pytest.raises(WrongEvent):
        verify_badge_code(event, text, now=DURING)
    payload = qr.verify_payload(text, qr.public_key_for(other_event))
    Badge.objects.filter(pk=badge.pk).delete()
    with pytest.raises(UnknownBadge):
        check_badge_state(other_event, payload, now=DURING)


def test_only_approved_guests_get_badges_and_issuing_is_idempotent(event):
    with pytest.raises(BadgeNotAllowed):
        issue_badge(factories.make_guest(event, status="registered"))
    guest = factories.make_guest(event)
    first, created = issue_badge(guest)
    again, created_again = issue_badge(guest)
    assert created and not created_again and first.pk == again.pk
