"""Offline scanners: GET …/checkin/keys/ (public key, revocation list with cursor) and
POST …/checkin/upload/ (a batch judged as of each scan's scanned_at, idempotent by nonce)."""
import datetime

import pytest
from django.utils import timezone

from badges.domain.issuing import reprint_badge, revoke_badge
from badges.domain.qr import BadSignature, verify_payload
from badges.models import Badge, RevocationEntry
from checkin.models import Scan, ZonePresence
from events.models import Guest
from tests.checkin.conftest import code_of, make_badge, make_checkpoint, make_zone, nonce

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys_url(event):
    return f"/api/v1/events/{event.slug}/checkin/keys/"


@pytest.fixture
def upload(scanner, event):
    def post(*scans, client=None):
        return (client or scanner).post(f"/api/v1/events/{event.slug}/checkin/upload/", {"scans": list(scans)},
                                        format="json")

    return post


def offline_scan(badge_or_code, gate, when, **extra):
    code = badge_or_code if isinstance(badge_or_code, str) else code_of(badge_or_code)
    return {"qr": code, "checkpoint": gate.pk, "nonce": extra.pop("nonce", None) or nonce(),
            "scanned_at": when.isoformat(), **extra}


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


# --- keys ----------------------------------------------------------------------------------------
def test_keys_give_a_public_key_that_verifies_the_events_badges(scanner, keys_url, badge, gate, zones):
    body = scanner.get(keys_url).json()
    assert body["algorithm"] == "Ed25519" and body["code_format"] == "LB1"
    payload = verify_payload(code_of(badge), body["public_key"])
    assert payload.badge_id == badge.pk
    assert {z["code"]: (z["bit"], z["reentry"]) for z in body["zones"]} == {
        "PLENARY": (zones["plenary"].bit, "single"), "LOUNGE": (zones["lounge"].bit, "unlimited"),
        "PRESS": (zones["press"].bit, "unlimited"),
    }
    assert body["checkpoints"] == [{"id": gate.pk, "name": gate.name, "direction": "entry", "is_active": True,
                                    "zone_mask": 1 << zones["plenary"].bit}]
    assert body["revocations"] == [] and body["cursor"] == 0 and body["complete"] is True


def test_keys_of_another_event_do_not_verify_this_events_codes(as_role, other_event, badge):
    body = as_role("checkin", target=other_event).get(f"/api/v1/events/{other_event.slug}/checkin/keys/").json()
    with pytest.raises(BadSignature):
        verify_payload(code_of(badge), body["public_key"])


def test_revocation_list_syncs_incrementally_with_the_cursor(scanner, keys_url, event, zones):
    first, second, third = (make_badge(event, [zones["plenary"]]) for _ in range(3))
    revoke_badge(first, reason="lost")
    reprint_badge(second)
    body = scanner.get(keys_url).json()
    assert [(e["badge_id"], e["version"], e["kind"]) for e in body["revocations"]] == [
        (first.pk, 1, "revoked"), (second.pk, 1, "superseded")]
    cursor = body["cursor"]
    assert scanner.get(keys_url, {"since": cursor}).json()["revocations"] == []
    revoke_badge(third)
    changes = scanner.get(keys_url, {"since": cursor}).json()
    assert [(e["badge_id"], e["kind"]) for e in changes["revocations"]] == [(third.pk, "revoked")]
    assert changes["cursor"] > cursor
    # Nothing private: no reason text, no names.
    assert "lost" not in str(body) and "reason" not in str(body)


@pytest.mark.parametrize("since", ["-1", "abc", "1.5", "9" * 40, "１２"])
def test_a_bad_cursor_is_a_400_naming_since(scanner, keys_url, since):
    response = scanner.get(keys_url, {"since": since})
    assert response.status_code == 400 and "since" in response.json()


def test_keys_need_the_checkin_right(as_role, keys_url):
    assert as_role("viewer").get(keys_url).status_code == 403
    assert as_role("checkin").get(keys_url).status_code == 200


# --- upload --------------------------------------------------------------------------------------
def test_offline_batch_is_judged_as_of_each_scan_time(upload, event, zones, gate):
    lost_before = make_badge(event, [zones["plenary"]])
    lost_after = make_badge(event, [zones["plenary"]])
    fine = make_badge(event, [zones["plenary"]])
    codes = {b.pk: code_of(b) for b in (lost_before, lost_after, fine)}
    scan_time = ago(minutes=30)
    # Revoked 1 hour before the offline scan (the scanner had not synced): refused.
    revoke_badge(lost_before)
    RevocationEntry.objects.filter(badge=lost_before).update(created_at=ago(hours=1, minutes=30))
    Badge.objects.filter(pk=lost_before.pk).update(revoked_at=ago(hours=1, minutes=30))
    # Revoked after the offline scan: the gate could not know — accepted, flagged.
    revoke_badge(lost_after)

    response = upload(
        offline_scan(codes[lost_before.pk], gate, scan_time, local_result="ok"),
        offline_scan(codes[lost_after.pk], gate, scan_time, local_result="ok"),
        offline_scan(codes[fine.pk], gate, scan_time, local_result="ok"),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["recorded"], body["replayed"], body["rejected"], body["conflicts"]) == (3, 0, 0, 2)
    reports = body["scans"]
    assert [r["index"] for r in reports] == [0, 1, 2]
    assert (reports[0]["result"], reports[0]["conflict"]) == ("revoked", True)
    assert (reports[1]["result"], reports[1]["flags"], reports[1]["conflict"]) == ("ok", ["revoked_after_scan"], True)
    assert (reports[2]["result"], reports[2]["flags"], reports[2]["conflict"]) == ("ok", [], False)
    scans = {s.badge_id: s for s in Scan.objects.all()}
    assert scans[lost_after.pk].offline and scans[lost_after.pk].scanned_at == scan_time
    assert ZonePresence.objects.filter(inside=True).count() == 2
    # Online now, the same code is refused.
    assert upload(offline_scan(codes[lost_after.pk], gate, timezone.now())).json()["scans"][0]["result"] == "revoked"


def test_superseded_after_the_offline_scan_is_accepted_and_flagged(upload, badge, gate):
    old = code_of(badge)
    when = ago(minutes=10)
    reprint_badge(badge)
    report = upload(offline_scan(old, gate, when)).json()["scans"][0]
    assert (report["result"], report["flags"]) == ("ok", ["superseded_after_scan"])
    report = upload(offline_scan(old, gate, timezone.now())).json()["scans"][0]
    assert report["result"] == "superseded"


def test_guest_cancelled_after_the_offline_scan_is_accepted_and_flagged(upload, badge, gate):
    when = ago(minutes=10)
    Guest.objects.filter(pk=badge.guest_id).update(status="cancelled", status_changed_at=ago(minutes=5))
    report = upload(offline_scan(badge, gate, when)).json()["scans"][0]
    assert (report["result"], report["flags"], report["conflict"]) == ("ok", ["cancelled_after_scan"], True)
    assert upload(offline_scan(badge, gate, ago(minutes=1))).json()["scans"][0]["result"] == "not_approved"


def test_offline_scans_are_applied_in_time_order(upload, badge, gate, exit_gate):
    code = code_of(badge)
    # Uploaded out of order: exit (t2), entry (t1), entry (t3) → in, out, in: all ok.
    t1, t2, t3 = ago(minutes=30), ago(minutes=20), ago(minutes=10)
    reports = upload(offline_scan(code, exit_gate, t2), offline_scan(code, gate, t1), offline_scan(code, gate, t3)).json()
    assert [r["result"] for r in reports["scans"]] == ["ok", "ok", "ok"]
    presence = ZonePresence.objects.get(guest=badge.guest)
    assert presence.inside and presence.entries == 2 and presence.first_entry_at == t1
    assert presence.last_entry_at == t3 and presence.last_exit_at == t2


def test_offline_double_entry_at_a_single_entry_zone_is_reported(upload, badge, gate):
    code = code_of(badge)
    reports = upload(offline_scan(code, gate, ago(minutes=30)), offline_scan(code, gate, ago(minutes=29),
                                                                           local_result="ok")).json()["scans"]
    assert [r["result"] for r in reports] == ["ok", "already_inside"]
    assert reports[1]["conflict"] is True


def test_an_offline_scan_older_than_what_the_server_knows_is_history(upload, scanner, event, badge, zones):
    lounge = make_checkpoint(event, [zones["lounge"]])
    code = code_of(badge)
    assert scanner.post(f"/api/v1/events/{event.slug}/checkin/scan/",
                        {"qr": code, "checkpoint": lounge.pk, "nonce": nonce()}, format="json").json()["ok"]
    report = upload(offline_scan(code, lounge, ago(hours=2))).json()["scans"][0]
    assert (report["result"], report["flags"]) == ("ok", ["out_of_order"])
    presence = ZonePresence.objects.get(guest=badge.guest, zone=zones["lounge"])
    assert presence.entries == 2 and presence.first_entry_at < presence.last_entry_at


def test_upload_is_idempotent_by_nonce(upload, badge, gate):
    scans = [offline_scan(badge, gate, ago(minutes=5), nonce="device7-0001")]
    first = upload(*scans).json()
    again = upload(*scans).json()
    assert (first["recorded"], again["recorded"], again["replayed"]) == (1, 0, 1)
    assert again["scans"][0]["status"] == "replayed" and again["scans"][0]["result"] == "ok"
    assert again["scans"][0]["scan"]["scan_id"] == first["scans"][0]["scan"]["scan_id"]
    assert Scan.objects.count() == 1 and ZonePresence.objects.get().entries == 1


def test_a_nonce_uploaded_then_scanned_online_returns_the_first_answer(upload, scanner, event, badge, gate):
    scan = offline_scan(badge, gate, ago(minutes=5))
    upload(scan)
    response = scanner.post(f"/api/v1/events/{event.slug}/checkin/scan/", scan, format="json")
    assert response.status_code == 200 and response.json()["replayed"] is True


def test_bad_items_are_rejected_one_by_one_and_the_rest_recorded(upload, event, badge, gate, other_event):
    foreign_gate = make_checkpoint(other_event, [make_zone(other_event, "X")])
    good = offline_scan(badge, gate, ago(minutes=3))
    body = upload(
        offline_scan(badge, gate, timezone.now() + datetime.timedelta(days=2)),  # future
        offline_scan(badge, gate, datetime.datetime(2001, 1, 1, tzinfo=datetime.timezone.utc)),  # far past
        {**offline_scan(badge, gate, ago(minutes=1)), "scanned_at": "2023-11-01T09:00:00"},  # naive
        {"checkpoint": gate.pk, "nonce": nonce(), "scanned_at": ago(minutes=1).isoformat()},  # no qr
        offline_scan(badge, foreign_gate, ago(minutes=1)),  # another event's gate
        offline_scan(badge, gate, ago(minutes=1), nonce="bad nonce!"),
        "not an object",
        good,
        offline_scan("garbage", gate, ago(minutes=2)),
    ).json()
    reports = body["scans"]
    assert [r["status"] for r in reports] == ["rejected"] * 7 + ["recorded"] * 2
    assert "future" in reports[0]["errors"]["scanned_at"][0]
    assert "before check-in" in reports[1]["errors"]["scanned_at"][0]
    assert "UTC offset" in reports[2]["errors"]["scanned_at"][0]
    assert "qr" in reports[3]["errors"]
    assert "checkpoint" in reports[4]["errors"] and "X" not in str(reports[4])
    assert "nonce" in reports[5]["errors"]
    assert reports[6]["errors"]
    assert reports[7]["result"] == "ok" and reports[8]["result"] == "invalid"
    assert Scan.objects.count() == 2


@pytest.mark.parametrize("body", [{}, {"scans": []}, {"scans": "x"}, {"scans": [{}] * 1001}, [1, 2]])
def test_malformed_batches_are_400s(scanner, event, body):
    response = scanner.post(f"/api/v1/events/{event.slug}/checkin/upload/", body, format="json")
    assert response.status_code == 400


def test_upload_needs_the_checkin_right(as_role, event):
    response = as_role("viewer").post(f"/api/v1/events/{event.slug}/checkin/upload/", {"scans": []}, format="json")
    assert response.status_code == 403


def test_an_upload_of_many_scans_takes_queries_in_proportion(upload, event, zones, gate, django_assert_max_num_queries):
    badges = [make_badge(event, [zones["plenary"]]) for _ in range(10)]
    scans = [offline_scan(b, gate, ago(minutes=10)) for b in badges]
    with django_assert_max_num_queries(10 * 14 + 6):
        body = upload(*scans).json()
    assert body["recorded"] == 10
