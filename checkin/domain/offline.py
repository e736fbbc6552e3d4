"""What an offline scanner needs, and the upload of the scans it made while the network was down.

A scanner syncs `scanner_keys(event)` while online: the event's public key verifies badge codes
locally (the QR payload carries badge id, version, validity and zone mask), and the revocation
list — synced incrementally with its cursor — tells it which versions stopped being valid. Back
online, it uploads its scans; each is judged by the server as of its own `scanned_at`."""
from django.conf import settings
from django.utils import timezone

from audit import domain as audit
from badges.domain import qr as badge_qr
from badges.domain.issuing import revocation_list
from badges.models import AccessZone
from checkin.models import Checkpoint

from . import scanning

MAX_UPLOAD_SCANS = 1000


def upload_limits() -> dict:
    """What one upload may hold: scanners split their queue to fit (the keys announce it)."""
    return {"max_scans": MAX_UPLOAD_SCANS, "max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}


def scanner_keys(event, *, since: int = 0) -> dict:
    key = badge_qr.signing_key_for(event)
    zones = list(AccessZone.objects.filter(event=event).select_related("checkin_policy").order_by("bit"))
    checkpoints = Checkpoint.objects.filter(event=event).prefetch_related("zones").order_by("id")
    revocations = revocation_list(event, since=since)
    return {
        "event": {"id": event.pk, "slug": event.slug, "timezone": event.timezone},
        "server_time": timezone.now().isoformat(),
        "algorithm": "Ed25519",
        "code_format": badge_qr.PREFIX.rstrip(":"),
        "key_id": key.key_id,
        "public_key": key.public_key,
        "cursor": revocations["cursor"],
        "complete": revocations["complete"],
        "revocations": revocations["entries"],
        "upload": upload_limits(),
        "zones": [
            {"id": z.pk, "code": z.code, "bit": z.bit, "name": z.name, "colour": z.colour, "reentry": scanning.reentry_policy(z)}
            for z in zones
        ],
        "checkpoints": [
            {"id": c.pk, "name": c.name, "direction": c.direction, "is_active": c.is_active,
             "zone_mask": badge_qr.zone_mask_of(c.zones.all())}
            for c in checkpoints
        ],
    }


def upload_scans(event, items, *, user=None, by=None) -> list[dict]:
    """Judge and record a batch of offline scans, oldest first, each in its own transaction.

    `items`: dicts validated by the API (checkpoint id, qr, nonce, direction, scanned_at, local_result)
    or {"errors": {...}} for an item that failed validation. Returns one report per item, in the
    order given: status "recorded" | "replayed" | "rejected", result, flags, conflict."""
    reports = [None] * len(items)
    user_id = user.pk if user is not None and user.is_authenticated else None
    order = sorted(
        (i for i, item in enumerate(items) if "errors" not in item), key=lambda i: (items[i]["scanned_at"], i)
    )
    for index, item in enumerate(items):
        if "errors" in item:
            reports[index] = _rejected(index, item.get("nonce"), item["errors"])
    for index in order:
        item = items[index]
        try:
            outcome = scanning.scan(
                event, item["checkpoint"], item["qr"], item["nonce"], direction=item.get("direction"),
                scanned_at=item["scanned_at"], user_id=user_id, offline=True,
                by=audit.Actor.for_desk(by or user, item["checkpoint"]),
            )
        except scanning.ScanRejected as exc:
            reports[index] = _rejected(index, item["nonce"], exc.errors)
            continue
        body = outcome.body
        local = item.get("local_result")
        reports[index] = {
            "index": index,
            "nonce": item["nonce"],
            "status": "replayed" if outcome.replayed else "recorded",
            "result": body["result"],
            "flags": body["flags"],
            "local_result": local,
            "conflict": bool(body["flags"]) or (local is not None and local != body["result"]),
            "scan": body,
        }
    return reports


def _rejected(index, nonce, errors):
    return {"index": index, "nonce": nonce[:200] if isinstance(nonce, str) else None, "status": "rejected",
            "result": None, "flags": [], "conflict": True, "errors": errors}
