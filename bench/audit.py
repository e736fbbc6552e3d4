"""The cost of the audit trail: a guest PATCH through the API (token auth, DRF, the domain operation
with its diff and entry) and a gate scan through the scan API, each timed with recording on and off
(settings.AUDIT_RECORDING, switched only here) in interleaved rounds of the same run.

Goal: with recording, each is at most 15 % slower than without (median wall time per request).
"""
import datetime
import os
import statistics
import time
import uuid

from bench.common import print_goals, setup_django

ROUNDS, PER_ROUND = 8, 40


def build():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.domain import tokens
    from badges.domain.issuing import issue_badge
    from badges.domain.qr import encode_payload
    from badges.models import AccessZone
    from checkin.models import Checkpoint, Reentry, ZonePolicy
    from events.domain import event_setup, guest_status, guests

    owner = get_user_model().objects.create_user(f"bench-audit-{os.getpid()}", password="x")
    today = timezone.localdate()
    event = event_setup.create_event({"slug": f"bench-audit-{os.getpid()}", "name": {"en": "Bench"},
                                      "start_date": today, "end_date": today + datetime.timedelta(days=2)}, by=owner)
    guest = guests.create_guest(event, {"family_name": "SILVA", "given_name": "Ana", "country": "BR",
                                        "passport_number": "E1234567", "date_of_birth": datetime.date(1970, 1, 2)},
                                by=owner)
    guest_status.approve_guest(guest, by=owner)
    zone = AccessZone.objects.create(event=event, code="LOUNGE", name={"en": "Lounge"})
    ZonePolicy.objects.create(zone=zone, reentry=Reentry.UNLIMITED)
    gate = Checkpoint.objects.create(event=event, name={"en": "Gate"}, direction="entry")
    gate.zones.set([zone])
    badge, _ = issue_badge(guest, zones=[zone], by=owner)
    badge.refresh_from_db()
    return event, guest, gate, encode_payload(badge), tokens.create_token(owner)[1]


def main():
    setup_django()
    from django.test.utils import override_settings
    from rest_framework.test import APIClient

    event, guest, gate, code, key = build()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + key)
    guest_url, scan_url = f"/api/v1/events/{event.slug}/guests/{guest.pk}/", f"/api/v1/events/{event.slug}/checkin/scan/"
    counter = iter(range(10**9))

    def patch():
        response = client.patch(guest_url, {"position": f"Minister {next(counter)}"}, format="json")
        assert response.status_code == 200, response.content

    def scan():
        response = client.post(scan_url, {"qr": code, "checkpoint": gate.pk, "nonce": uuid.uuid4().hex}, format="json")
        assert response.status_code == 201 and response.json()["result"] == "ok", response.content

    samples = {(name, on): [] for name in ("patch", "scan") for on in (True, False)}
    for call in (patch, scan):  # warm-up
        for _ in range(20):
            call()
    for round_number in range(ROUNDS):
        for on in ((True, False) if round_number % 2 else (False, True)):
            with override_settings(AUDIT_RECORDING=on):
                for name, call in (("patch", patch), ("scan", scan)):
                    for _ in range(PER_ROUND):
                        started = time.perf_counter()
                        call()
                        samples[(name, on)].append((time.perf_counter() - started) * 1000)
    from audit.models import AuditEntry

    print(f"audit entries written: {AuditEntry.objects.filter(event_id=event.pk).count()}")
    goals = []
    for name, label in (("patch", "guest PATCH"), ("scan", "gate scan")):
        on, off = statistics.median(samples[(name, True)]), statistics.median(samples[(name, False)])
        ratio = on / off
        print(f"{label}: {on:.2f} ms with the audit trail, {off:.2f} ms without (median of "
              f"{len(samples[(name, True)])}): ×{ratio:.3f}")
        goals.append((f"{label} with auditing ≤ 1.15 × without (×{ratio:.3f})", ratio <= 1.15))
    print_goals(goals)


if __name__ == "__main__":
    main()
