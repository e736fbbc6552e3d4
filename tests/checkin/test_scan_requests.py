"""Scan requests of every shape get DRF's answers from the one scan path (ScanView → scanning.scan).

These tests once compared a raw-SQL fast path with DRF; with one path left they hold its answers:
the same request with `?format=json` (which any query string used to route through DRF) answers
the same bytes, headers and records, refusals are DRF's, and odd bodies are judged alike."""
import pytest
from rest_framework.test import APIClient

from badges.models import AccessZone
from checkin.models import Scan, ZonePresence
from tests import factories
from tests.checkin.conftest import code_of, make_badge, make_checkpoint, nonce
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

HEADERS = ("Content-Type", "Allow", "Vary")


def test_a_replay_answers_the_same_bytes_and_headers(scanner, scan_url, badge, gate):
    body = {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": nonce()}
    fast = scanner.post(scan_url, body, format="json")
    through_drf = scanner.post(scan_url + "?format=json", body, format="json")
    fast_again = scanner.post(scan_url, body, format="json")
    assert (fast.status_code, through_drf.status_code, fast_again.status_code) == (201, 200, 200)
    assert through_drf.content == fast_again.content  # the same bytes: same renderer, same record
    assert {**fast.json(), "replayed": True} == through_drf.json()
    assert [fast_again[h] for h in HEADERS] == [through_drf[h] for h in HEADERS] == [
        "application/json", "POST, OPTIONS", "Accept, Accept-Language"]


def test_scans_with_and_without_a_query_string_record_alike(scanner, scan_url, event, zones):
    lounge = make_checkpoint(event, [zones["lounge"]])
    badges = [make_badge(event, [zones["lounge"]]) for _ in range(2)]
    answers = [
        scanner.post(url, {"qr": code_of(b), "checkpoint": lounge.pk, "nonce": nonce()}, format="json").json()
        for url, b in zip((scan_url, scan_url + "?format=json"), badges)
    ]
    for answer in answers:
        del answer["scan_id"], answer["nonce"], answer["scanned_at"], answer["guest"], answer["badge"]
    assert answers[0] == answers[1]
    assert [p.entries for p in ZonePresence.objects.order_by("guest_id")] == [1, 1]


def test_refusals_keep_drfs_answers(scan_url, badge, gate, event, other_event, as_role):
    body = {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": nonce()}
    bad_token = APIClient()
    bad_token.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = bad_token.post(scan_url, body, format="json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token.", "code": "authentication_failed"}
    assert response["WWW-Authenticate"] == "Token"

    guard = factories.make_member(event, "checkin")
    inactive = client_for(guard)
    guard.is_active = False
    guard.save()
    response = inactive.post(scan_url, body, format="json")
    assert response.status_code == 401 and response.json()["detail"] == "User inactive or deleted."

    outsider = as_role("checkin", target=other_event).post(scan_url, body, format="json")
    missing_event = as_role("checkin").post("/api/v1/events/no-such-event/checkin/scan/", body, format="json")
    assert outsider.status_code == missing_event.status_code == 404
    assert outsider.json() == missing_event.json() == {"detail": "Not found.", "code": "not_found"}

    viewer = as_role("viewer").post(scan_url, body, format="json")
    assert viewer.status_code == 403 and viewer.json() == {
        "detail": "Your role in this event does not include the right 'checkin'.", "code": "insufficient_role"}
    assert not Scan.objects.exists()


def test_a_superuser_scans_in_any_event(scan_url, badge, gate):
    admin = client_for(factories.make_user(is_superuser=True, is_staff=True))
    response = admin.post(scan_url, {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": nonce()}, format="json")
    assert response.status_code == 201 and response.json()["result"] == "ok"
    assert Scan.objects.get().scanned_by.is_superuser


@pytest.mark.parametrize("as_text", [False, True], ids=["number", "digits"])
def test_a_checkpoint_id_as_a_number_or_digits(scanner, scan_url, badge, gate, as_text):
    gate_id = str(gate.pk) if as_text else gate.pk
    response = scanner.post(scan_url, {"qr": code_of(badge), "checkpoint": gate_id, "nonce": nonce()}, format="json")
    assert response.status_code == 201 and response.json()["checkpoint"] == gate.pk


def test_a_nonce_with_surrounding_spaces_is_trimmed_as_the_serializer_trims_it(scanner, scan_url, badge, gate):
    response = scanner.post(scan_url, {"qr": code_of(badge), "checkpoint": gate.pk, "nonce": "  abcdefgh12 "},
                            format="json")
    assert response.status_code == 201 and response.json()["nonce"] == "abcdefgh12"


def test_zone_changes_apply_to_the_next_scan(post_scan, event, zones):
    """Nothing about gates or zones is cached between scans."""
    lounge = make_checkpoint(event, [zones["lounge"]])
    badge = make_badge(event, [zones["lounge"]])
    assert post_scan(code_of(badge), lounge).json()["result"] == "ok"
    lounge.zones.set([zones["press"]])
    assert post_scan(code_of(badge), lounge).json()["result"] == "zone_denied"
    badge.zones.add(zones["press"])
    assert post_scan(code_of(badge), lounge).json()["zones_passed"] == ["PRESS"]
    AccessZone.objects.filter(pk=zones["press"].pk).delete()
    assert post_scan(code_of(badge), lounge).json()["result"] == "zone_denied"


def test_an_exit_leaves_every_zone_of_the_gate(post_scan, event, zones, badge):
    """Also zones the badge does not hold (they get a presence row, out)."""
    both = make_checkpoint(event, [zones["plenary"], zones["press"]], direction="exit")
    answer = post_scan(code_of(badge), both).json()
    assert answer["result"] == "ok" and answer["zones_passed"] == ["PLENARY"]
    rows = ZonePresence.objects.filter(guest=badge.guest).order_by("zone__code")
    assert [(p.zone.code, p.inside, p.last_exit_at is not None) for p in rows] == [
        ("PLENARY", False, True), ("PRESS", False, True)]


MISSING = object()
VARIANTS = {
    "plain": {},
    "entry given": {"direction": "entry"},
    "exit at an entry gate": {"direction": "exit"},
    "direction null": {"direction": None},
    "direction blank": {"direction": ""},
    "direction unknown": {"direction": "sideways"},
    "direction upper-case": {"direction": "ENTRY"},
    "checkpoint zero": {"checkpoint": 0},
    "checkpoint negative": {"checkpoint": -1},
    "checkpoint with leading zeros": {"checkpoint": "000{gate}"},
    "checkpoint beyond bigint": {"checkpoint": 2**63},
    "checkpoint not there": {"checkpoint": 2**63 - 1},
    "checkpoint true": {"checkpoint": True},
    "checkpoint float": {"checkpoint": 1.0},
    "checkpoint missing": {"checkpoint": MISSING},
    "nonce as a number": {"nonce": 1234567890},
    "nonce padded": {"nonce": " abcdefgh12\t"},
    "nonce too short": {"nonce": "abc"},
    "nonce of other scripts": {"nonce": "абвгдеёжзи"},
    "nonce missing": {"nonce": MISSING},
    "qr garbage": {"qr": "hello"},
    "qr a number": {"qr": 5},
    "qr null": {"qr": None},
    "qr missing": {"qr": MISSING},
    "qr with a line break": {"qr": "{code}\r\n"},
    "an unknown field": {"colour": "red"},
    "scanned offline": {"scanned_at": "{now}"},
}


@pytest.mark.parametrize("gate_state", ["open", "closed", "both ways"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_gets_the_same_answer_with_and_without_a_query_string(scanner, scan_url, badge, gate, variant, gate_state):
    from django.utils import timezone

    if gate_state == "closed":
        gate.is_active = False
    elif gate_state == "both ways":
        gate.direction = "both"
    gate.save()
    values = {"code": code_of(badge), "gate": gate.pk, "now": timezone.now().isoformat()}
    body = {"qr": "{code}", "checkpoint": gate.pk, "nonce": nonce()}
    body.update(VARIANTS[variant])
    body = {k: v.format(**values) if isinstance(v, str) else v for k, v in body.items() if v is not MISSING}

    answers = []
    for url in (scan_url, scan_url + "?format=json"):
        response = scanner.post(url, body, format="json")
        answer = response.json()
        if isinstance(answer, dict):
            for volatile in ("scan_id", "scanned_at"):
                answer.pop(volatile, None)
        answers.append((response.status_code, answer))
        Scan.objects.all().delete()
        ZonePresence.objects.all().delete()
    assert answers[0] == answers[1]


@pytest.mark.parametrize("raw", ['{"qr": NaN, "checkpoint": 1, "nonce": "abcdefgh12"}', "[]", '"x"', "", "{",
                                 '{"qr": "x", "checkpoint": 1, "nonce": "abcdefgh12"}\xff'])
def test_malformed_json_gets_drfs_answer(scanner, scan_url, gate, raw):
    answers = [
        (r.status_code, r.json()) for r in (
            scanner.generic("POST", url, raw.encode("latin-1"), content_type="application/json")
            for url in (scan_url, scan_url + "?format=json"))
    ]
    assert answers[0] == answers[1] and answers[0][0] == 400
