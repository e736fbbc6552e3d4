"""POST /api/v1/events/{slug}/checkin/scan/: every result value, the guard's summary, bad input."""
import datetime
import json

import pytest
from django.utils import timezone

from badges.domain.issuing import reprint_badge, revoke_badge
from badges.domain.qr import PREFIX, b45decode, b45encode, encode_payload
from checkin.models import Scan, ZonePresence
from events.domain.guest_status import apply_transition
from tests import factories
from tests.checkin.conftest import code_of, make_badge, make_checkpoint, make_zone, nonce

pytestmark = pytest.mark.django_db


def test_ok_returns_the_guards_summary_and_records_the_scan(post_scan, badge, gate, zones, event):
    response = post_scan(code_of(badge), gate)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["result"] == "ok" and body["ok"] is True and body["tone"] == "ok"
    assert body["message"] == {"en": "OK — welcome", "zh-hans": "通过"}
    assert body["replayed"] is False and body["direction"] == "entry" and body["checkpoint"] == gate.pk
    guest = body["guest"]
    assert guest["name"] == f"Aidos {badge.guest.family_name}"
    assert guest["native_name"] == "Айдос Нұрланұлы"
    assert guest["chinese_name"] == "艾多斯·努尔兰内"
    assert guest["category"] == "delegate"
    assert guest["category_label"] == {"en": "Delegate", "zh-hans": "代表"}
    assert guest["photo_url"] is None
    assert [z["code"] for z in body["zones"]] == ["PLENARY", "LOUNGE"]
    assert body["zones_passed"] == ["PLENARY"]
    assert body["badge"] == {"id": badge.pk, "version": 1}

    scan = Scan.objects.get(pk=body["scan_id"])
    assert (scan.result, scan.checkpoint_id, scan.guest_id, scan.badge_id) == ("ok", gate.pk, badge.guest_id, badge.pk)
    assert scan.scanned_by.event_memberships.get().role == "checkin"
    assert scan.offline is False and abs(scan.scanned_at - timezone.now()) < datetime.timedelta(seconds=30)
    presence = ZonePresence.objects.get(guest=badge.guest, zone=zones["plenary"])
    assert presence.inside and presence.entries == 1


def test_the_answer_never_contains_passport_data(post_scan, event, zones, gate):
    badge = make_badge(event, [zones["plenary"]], passport_number="KZ9988776", email="secret@example.kz")
    text = json.dumps(post_scan(code_of(badge), gate).json(), ensure_ascii=False)
    born = badge.guest.date_of_birth
    # Whole values only: a short piece ("8776") turns up in the random nonce now and then.
    for secret in ("KZ9988776", "passport", "secret@example.kz", "date_of_birth", born.isoformat(), born.strftime("%Y%m%d")):
        assert secret not in text


def test_delegation_is_in_the_summary(post_scan, event, zones, gate):

    delegation = factories.DelegationFactory(event=event, name="Delegation of Kazakhstan", country="KZ")
    badge = make_badge(event, [zones["plenary"]], delegation=delegation)
    body = post_scan(code_of(badge), gate).json()
    assert body["guest"]["delegation"] == {"id": delegation.pk, "name": "Delegation of Kazakhstan", "country": "KZ"}


def test_single_entry_zone_says_already_inside_until_an_exit(post_scan, badge, gate, exit_gate):
    code = code_of(badge)
    assert post_scan(code, gate).json()["result"] == "ok"
    second = post_scan(code, gate).json()
    assert second["result"] == "already_inside" and second["tone"] == "warning"
    assert second["guest"]["native_name"] == "Айдос Нұрланұлы"
    leaving = post_scan(code, exit_gate).json()
    assert leaving["result"] == "ok" and leaving["message"]["en"].startswith("Exit recorded")
    assert post_scan(code, gate).json()["result"] == "ok"
    presence = ZonePresence.objects.get(guest=badge.guest)
    assert presence.entries == 2 and presence.inside


def test_unlimited_zone_admits_again(post_scan, event, badge, zones):
    lounge_gate = make_checkpoint(event, [zones["lounge"]], name={"en": "Lounge door"})
    code = code_of(badge)
    assert [post_scan(code, lounge_gate).json()["result"] for _ in range(3)] == ["ok", "ok", "ok"]
    assert ZonePresence.objects.get(guest=badge.guest, zone=zones["lounge"]).entries == 3


def test_zone_without_policy_is_unlimited(post_scan, event, zones):
    press_gate = make_checkpoint(event, [zones["press"]])
    badge = make_badge(event, [zones["press"]])
    assert [post_scan(code_of(badge), press_gate).json()["result"] for _ in range(2)] == ["ok", "ok"]


def test_zone_denied(post_scan, event, zones):
    press_gate = make_checkpoint(event, [zones["press"]], name={"en": "Press centre"})
    badge = make_badge(event, [zones["plenary"]])
    body = post_scan(code_of(badge), press_gate).json()
    assert body["result"] == "zone_denied" and body["tone"] == "denied"
    assert body["guest"]["id"] == badge.guest_id  # the guard sees who tried
    assert not ZonePresence.objects.exists()


def test_a_gate_for_several_zones_admits_into_those_the_badge_holds(post_scan, event, zones):
    hall = make_checkpoint(event, [zones["plenary"], zones["press"]])
    badge = make_badge(event, [zones["press"]])
    body = post_scan(code_of(badge), hall).json()
    assert body["result"] == "ok" and body["zones_passed"] == ["PRESS"]


def test_revoked(post_scan, badge, gate):
    code = code_of(badge)
    revoke_badge(badge, reason="reported lost")
    body = post_scan(code, gate).json()
    assert body["result"] == "revoked" and body["tone"] == "denied"
    assert body["guest"]["id"] == badge.guest_id


def test_superseded_after_reprint_and_the_new_code_works(post_scan, badge, gate):
    old = code_of(badge)
    reprint_badge(badge, reason="name corrected")
    assert post_scan(old, gate).json()["result"] == "superseded"
    new = post_scan(code_of(badge), gate).json()
    assert new["result"] == "ok" and new["badge"]["version"] == 2


def test_reprint_of_a_revoked_badge_keeps_the_old_code_revoked(post_scan, badge, gate):
    old = code_of(badge)
    revoke_badge(badge)
    reprint_badge(badge)
    assert post_scan(old, gate).json()["result"] == "revoked"
    assert post_scan(code_of(badge), gate).json()["result"] == "ok"


def test_wrong_event_reveals_nothing(post_scan, gate, other_event):
    zone = make_zone(other_event, "PLENARY")
    foreign = make_badge(other_event, [zone], chinese_name="秘密嘉宾")
    body = post_scan(code_of(foreign), gate).json()
    assert body["result"] == "wrong_event"
    assert body["guest"] is None and body["badge"] is None and body["zones"] == []
    assert "秘密" not in json.dumps(body, ensure_ascii=False) and other_event.slug not in json.dumps(body)


def test_not_yet_valid_and_expired(post_scan, event, zones, gate):
    now = timezone.now()
    early = make_badge(event, [zones["plenary"]], valid_from=now + datetime.timedelta(hours=2),
                       valid_until=now + datetime.timedelta(days=2))
    late = make_badge(event, [zones["plenary"]], valid_from=now - datetime.timedelta(days=2),
                      valid_until=now - datetime.timedelta(hours=1))
    assert post_scan(code_of(early), gate).json()["result"] == "not_yet_valid"
    assert post_scan(code_of(late), gate).json()["result"] == "expired"


@pytest.mark.parametrize("action", ["cancel"])
def test_revoked_when_the_guest_was_cancelled(post_scan, badge, gate, action):
    # Cancelling revokes the badge (so that offline desks refuse it too): online, the same answer.
    apply_transition(badge.guest, action)
    body = post_scan(code_of(badge), gate).json()
    assert body["result"] == "revoked" and body["guest"]["id"] == badge.guest_id


def test_not_approved_when_the_guest_was_rejected(post_scan, event, zones, gate):
    badge = make_badge(event, [zones["plenary"]])
    guest = badge.guest
    type(guest).objects.filter(pk=guest.pk).update(status="rejected", status_changed_at=timezone.now())
    assert post_scan(code_of(badge), gate).json()["result"] == "not_approved"


def tampered(code: str) -> str:
    raw = bytearray(b45decode(code[len(PREFIX):]))
    raw[10] ^= 0x01  # change the badge id: the signature no longer matches
    return PREFIX + b45encode(bytes(raw))


@pytest.mark.parametrize("garbage", [
    "", " ", "hello", "x" * 200_000, "LB1:", "LB1:" + "A" * 131, "LB1:" + "%" * 132, "\x00\x00LB1:\x00",
    "مرحبا\u202eLB1:", "𠮷野家" * 50, "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "LB1:\ufffd\ufffd",
    "https://example.com/?q=LB1:", "LB1:" + "0" * 10_000,
])
def test_garbage_of_any_length_or_encoding_is_invalid(post_scan, gate, garbage):
    response = post_scan(garbage, gate)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["result"] == "invalid" and body["guest"] is None
    assert Scan.objects.get(pk=body["scan_id"]).result == "invalid"  # recorded like every scan


def test_bad_signature_is_invalid(post_scan, badge, gate):
    body = post_scan(tampered(code_of(badge)), gate).json()
    assert body["result"] == "invalid" and "signature" in body["detail"]


def test_a_tampered_code_changes_nothing_of_the_guest_it_names(post_scan, badge, gate, event):
    # The badge on file (and its guest's presence rows, locked) is read before the signature is checked.
    assert post_scan(code_of(badge), gate).json()["result"] == "ok"
    before = list(ZonePresence.objects.filter(guest=badge.guest).values())
    raw = bytearray(b45decode(code_of(badge)[len(PREFIX):]))
    raw[-1] ^= 0x01  # the signature's last byte: the code still names this badge
    body = post_scan(PREFIX + b45encode(bytes(raw)), gate).json()
    assert body["result"] == "invalid" and body["guest"] is None and body["zones_passed"] == []
    assert list(ZonePresence.objects.filter(guest=badge.guest).values()) == before
    recorded = Scan.objects.get(pk=body["scan_id"])
    assert (recorded.result, recorded.guest_id, recorded.badge_id) == ("invalid", None, None)


def test_code_signed_with_another_key_is_invalid(post_scan, badge, gate, event):
    from badges.models import EventSigningKey

    code = code_of(badge)
    EventSigningKey.objects.filter(event=event).delete()  # a new key is made on the next encode
    from badges.domain.qr import signing_key_for

    signing_key_for(event)
    assert post_scan(code, gate).json()["result"] == "invalid"


def test_unknown_badge_id_is_invalid(post_scan, badge, gate):
    code = code_of(badge)
    badge_id = badge.pk
    badge.delete()
    body = post_scan(code, gate).json()
    assert body["result"] == "invalid" and str(badge_id) not in body["detail"]


def test_trailing_line_break_from_a_keyboard_scanner_is_tolerated(post_scan, badge, gate):
    assert post_scan(code_of(badge) + "\r\n", gate).json()["result"] == "ok"


# --- Nonce idempotency ---------------------------------------------------------------------------
def test_same_nonce_twice_returns_the_first_answer_and_records_one_scan(post_scan, badge, gate):
    code, n = code_of(badge), nonce()
    first = post_scan(code, gate, nonce=n)
    again = post_scan(code, gate, nonce=n)
    assert first.status_code == 201 and again.status_code == 200
    assert again.json() == {**first.json(), "replayed": True}
    assert again.json()["result"] == "ok"  # not "already_inside": it is the same scan
    assert Scan.objects.filter(nonce=n).count() == 1
    assert ZonePresence.objects.get(guest=badge.guest).entries == 1


def test_a_nonce_reused_for_another_code_is_a_409_naming_nonce(post_scan, badge, gate, event, zones):
    n = nonce()
    post_scan(code_of(badge), gate, nonce=n)
    other = make_badge(event, [zones["plenary"]])
    response = post_scan(code_of(other), gate, nonce=n)
    assert response.status_code == 409
    assert response.json()["code"] == "nonce_reused" and "nonce" in response.json()
    assert Scan.objects.count() == 1


def test_nonces_are_per_event(post_scan, badge, gate, other_event, api):
    n = nonce()
    zone = make_zone(other_event, "PLENARY")
    other_gate = make_checkpoint(other_event, [zone])
    guard = factories.make_member(other_event, "checkin")
    from tests.conftest import client_for

    post_scan(code_of(badge), gate, nonce=n)
    response = client_for(guard).post(
        f"/api/v1/events/{other_event.slug}/checkin/scan/",
        {"qr": code_of(badge), "checkpoint": other_gate.pk, "nonce": n}, format="json",
    )
    assert response.status_code == 201 and response.json()["result"] == "wrong_event"


@pytest.mark.parametrize("bad_nonce", ["", "short", "x" * 65, "has space 123", "ключ-12345678", "a\x00bcdefghij", None, ["abcdefgh12"]])
def test_bad_nonce_is_a_400_naming_nonce(post_scan, badge, gate, bad_nonce, scanner, scan_url):
    response = scanner.post(scan_url, {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": bad_nonce}, format="json")
    assert response.status_code == 400 and "nonce" in response.json()
    assert not Scan.objects.exists()


# --- Bad requests --------------------------------------------------------------------------------
def test_checkpoint_of_another_event_is_a_400_that_reveals_nothing(post_scan, badge, gate, other_event):
    zone = make_zone(other_event, "SECRET")
    foreign_gate = make_checkpoint(other_event, [zone], name={"en": "Secret gate"})
    foreign = post_scan(code_of(badge), foreign_gate)
    missing = post_scan(code_of(badge), type(gate)(pk=999_999))
    assert foreign.status_code == missing.status_code == 400
    assert list(foreign.json()) == ["checkpoint"]
    assert foreign.json()["checkpoint"][0].replace(str(foreign_gate.pk), "N") == \
        missing.json()["checkpoint"][0].replace("999999", "N")
    assert "Secret" not in foreign.content.decode()
    assert not Scan.objects.exists()


def test_closed_checkpoint_is_a_400(post_scan, badge, gate):
    gate.is_active = False
    gate.save()
    response = post_scan(code_of(badge), gate)
    assert response.status_code == 400 and "closed" in response.json()["checkpoint"][0]


def test_direction_must_suit_the_checkpoint(post_scan, badge, gate, event, zones):
    response = post_scan(code_of(badge), gate, direction="exit")
    assert response.status_code == 400 and "entry only" in response.json()["direction"][0]
    both = make_checkpoint(event, [zones["plenary"]], direction="both")
    response = post_scan(code_of(badge), both)
    assert response.status_code == 400 and "direction" in response.json()
    assert post_scan(code_of(badge), both, direction="entry").json()["result"] == "ok"
    assert post_scan(code_of(badge), both, direction="exit").json()["result"] == "ok"
    response = post_scan(code_of(badge), both, direction="sideways")
    assert response.status_code == 400 and "direction" in response.json()


@pytest.mark.parametrize("when, problem", [
    ("2099-01-01T00:00:00+08:00", "future"),
    ("1999-01-01T00:00:00Z", "before check-in"),
    ("2023-11-01T09:00:00", "UTC offset"),
    ("not a time", "format"),
    ("9" * 5000, "format"),
])
def test_bad_scanned_at_is_a_400_naming_it(post_scan, badge, gate, when, problem):
    response = post_scan(code_of(badge), gate, scanned_at=when)
    assert response.status_code == 400 and problem in response.json()["scanned_at"][0]
    assert not Scan.objects.exists()


@pytest.mark.parametrize("body, field", [
    ({"checkpoint": 1, "nonce": "abcdefgh12"}, "qr"),
    ({"qr": 12, "checkpoint": 1, "nonce": "abcdefgh12"}, "qr"),
    ({"qr": ["LB1:"], "checkpoint": 1, "nonce": "abcdefgh12"}, "qr"),
    ({"qr": "x", "nonce": "abcdefgh12"}, "checkpoint"),
    ({"qr": "x", "checkpoint": "first", "nonce": "abcdefgh12"}, "checkpoint"),
    ({"qr": "x", "checkpoint": 1}, "nonce"),
])
def test_missing_or_mistyped_fields_are_400s_naming_them(scanner, scan_url, gate, body, field):
    response = scanner.post(scan_url, body, format="json")
    assert response.status_code == 400 and field in response.json()


@pytest.mark.parametrize("raw, content_type", [
    ("[1, 2]", "application/json"), ("{", "application/json"), ('"LB1:"', "application/json"),
    ("\xff\xfe", "application/json"),
])
def test_malformed_bodies_are_400s(scanner, scan_url, gate, raw, content_type):
    response = scanner.generic("POST", scan_url, raw.encode("latin-1"), content_type=content_type)
    assert response.status_code == 400


def test_a_form_encoded_code_in_another_encoding_is_judged_invalid(scanner, scan_url, gate):
    raw = f"qr=%FF%FE%00LB1&checkpoint={gate.pk}&nonce=abcdefgh12".encode()
    response = scanner.generic("POST", scan_url, raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 201 and response.json()["result"] == "invalid"


def test_form_encoded_scans_work_too(scanner, scan_url, badge, gate):
    response = scanner.post(scan_url, {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": nonce()}, format="multipart")
    assert response.status_code == 201 and response.json()["result"] == "ok"


# --- Rights --------------------------------------------------------------------------------------
@pytest.mark.parametrize("role, status", [("viewer", 403), ("registration", 403), ("protocol", 403),
                                          ("checkin", 201), ("manager", 201), ("owner", 201)])
def test_scanning_needs_the_checkin_right(as_role, scan_url, badge, gate, role, status):
    response = as_role(role).post(scan_url, {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": nonce()}, format="json")
    assert response.status_code == status


def test_non_members_get_404_and_anonymous_401(api, badge, gate, scan_url, other_event, as_role):
    outsider = as_role("checkin", target=other_event)
    body = {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": nonce()}
    assert outsider.post(scan_url, body, format="json").status_code == 404
    assert api.post(scan_url, body, format="json").status_code == 401
    assert not Scan.objects.exists()


def test_encode_payload_of_the_current_version_is_what_the_desk_scans(badge):
    badge.refresh_from_db()
    assert encode_payload(badge).startswith("LB1:") and len(encode_payload(badge)) == 135


@pytest.mark.parametrize("checkpoint", [2**70, -1, 0, 1.5, True, "1e3", "", None, {"id": 1}, "١"])
def test_odd_checkpoint_ids_are_400s_naming_checkpoint(scanner, scan_url, badge, gate, checkpoint):
    response = scanner.post(scan_url, {"qr": code_of(badge), "checkpoint": checkpoint, "nonce": nonce()}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["checkpoint"]


def test_a_huge_code_is_judged_invalid_and_a_huge_body_refused(scanner, scan_url, gate):
    response = scanner.post(scan_url, {"qr": "LB1:" + "A" * 1_000_000, "checkpoint": gate.pk, "nonce": nonce()},
                            format="json")
    assert response.status_code == 201 and response.json()["result"] == "invalid"
    response = scanner.post(scan_url, {"qr": "LB1:" + "A" * 12_000_000, "checkpoint": gate.pk, "nonce": nonce()},
                            format="json")
    assert response.status_code == 413 and response.json()["code"] == "too_large"


def test_the_guard_sees_each_category_as_the_admin_names_it():
    from django.utils import translation

    from checkin.domain.summary import category_label
    from events.models import GuestCategory

    for category in GuestCategory:
        with translation.override("zh-hans"):
            chinese = str(category.label)
        assert category_label(category.value) == {"en": str(GuestCategory(category).label), "zh-hans": chinese}
    assert category_label("head_of_delegation")["zh-hans"] == "团长"  # the admin's word, not a second list's
