"""The online scan of a gate's scanner, answered without Django REST framework's machinery.

Gates scan in bursts (a delegation arriving: twenty scanners at once), so the common request —
token-authenticated, a JSON body with a code, a checkpoint and a nonce — is answered here with
one query for the token (by its key's digest), the user's role in the event and the checkpoint
with its zones, then the same scan service (scanning.scan) as every other path. Every other request returns None and
ScanView handles it the usual way: requests without a token (the desk's session, which DRF checks
for CSRF), forms, offline scans, a browser wanting HTML, and every request that would be refused
(bad, expired or revoked token, an address locked out for bad tokens, no right, unknown
checkpoint, malformed body) — so refusals, and the counting of bad tokens, stay exactly DRF's."""
from django.db import IntegrityError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from rest_framework.authentication import get_authorization_header
from rest_framework.renderers import JSONRenderer
from rest_framework.utils import json

from accounts.domain import throttle, tokens
from core.validators import LARGEST_ID
from checkin.domain import scan_store, scanning
from checkin.models import Direction
from events.domain import access
from events.models import Event

MAX_BODY = 16 * 1024  # a scan is a few hundred bytes; anything larger goes the long way
ACCEPTS_JSON = {None, "*/*", "application/json"}  # DRF then renders JSON

WHO_AND_WHERE = """
    SELECT t.id, t.expires_at, t.revoked_at, t.last_used_at,
           u.id, u.is_active, u.is_superuser, m.role,
           e.id, e.slug, e.timezone, e.start_date,
           c.id, c.direction, c.is_active, cz.accesszone_id
    FROM accounts_apitoken t
    JOIN auth_user u ON u.id = t.user_id
    JOIN events_event e ON e.slug = %s
    LEFT JOIN events_eventmembership m ON m.event_id = e.id AND m.user_id = u.id
    LEFT JOIN checkin_checkpoint c ON c.id = %s AND c.event_id = e.id
    LEFT JOIN checkin_checkpoint_zones cz ON cz.checkpoint_id = c.id
    WHERE t.digest = %s
"""


def answer(request, event_slug) -> HttpResponse | None:
    """The answer to an online scan, or None when ScanView must handle the request."""
    key = _token(request)
    scan = _scan_request(request) if key else None
    if scan is None or not isinstance(event_slug, str) or len(event_slug) > 80:
        return None
    if throttle.token_wait(request):
        return None
    found = _who_and_where(key, event_slug, scan["checkpoint"])
    if found is None:
        return None
    user_id, event, gate = found
    try:
        outcome = scanning.scan(event, gate, scan["qr"], scan["nonce"], direction=scan["direction"], user_id=user_id)
    except scanning.ScanRejected as exc:
        return _json(exc.body, exc.status_code)
    except IntegrityError:
        return None  # rolled back, nothing recorded (e.g. the badge was deleted meanwhile): DRF answers
    return _json(outcome.body, 200 if outcome.replayed else 201)


def _token(request) -> str | None:
    """The key of an "Authorization: Token <key>" header, read as TokenAuthentication reads it."""
    parts = get_authorization_header(request).split()
    if len(parts) != 2 or parts[0].lower() != b"token" or not tokens.KEY_RE.fullmatch(parts[1].decode("latin-1")):
        return None
    return parts[1].decode("ascii")


def _scan_request(request) -> dict | None:
    """The scan a plain JSON body asks for, if every field is exactly what ScanRequestSerializer
    would accept unchanged; None for anything else (it then reports the problem)."""
    if request.method != "POST" or request.GET:
        return None
    if request.headers.get("Accept") not in ACCEPTS_JSON:
        return None
    if request.content_type != "application/json" or request.content_params.get("charset", "utf-8").lower() != "utf-8":
        return None
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if not 0 < length <= MAX_BODY:
        return None
    try:
        data = json.loads(request.body.decode("utf-8"))  # DRF's json: NaN and Infinity are refused
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or "scanned_at" in data:
        return None
    qr, checkpoint, nonce = data.get("qr"), data.get("checkpoint"), data.get("nonce")
    direction = data.get("direction")
    if not isinstance(qr, str) or not isinstance(nonce, str):
        return None
    if isinstance(checkpoint, str) and checkpoint.isascii() and checkpoint.isdigit() and len(checkpoint) < 19:
        checkpoint = int(checkpoint)
    if type(checkpoint) is not int or not 0 < checkpoint <= LARGEST_ID:
        return None
    if "direction" in data and direction not in Direction.values:
        return None
    try:
        nonce = scanning.validate_nonce(nonce)
    except scanning.ScanRejected:
        return None
    return {"qr": qr, "checkpoint": checkpoint, "nonce": nonce, "direction": direction}


def _who_and_where(key, event_slug, checkpoint_id):
    """(user id, event, gate) in one query, if the token is usable (tokens.refusal), its user may
    scan in this event and the checkpoint is the event's; None otherwise."""
    with scan_store.statement_cursor() as cursor:
        cursor.execute(WHO_AND_WHERE, [event_slug, checkpoint_id, tokens.digest_of(key)])
        rows = cursor.fetchall()
    if not rows:
        return None  # no such token or event
    (token_id, expires_at, revoked_at, last_used_at, user_id, is_active, is_superuser, role,
     event_id, slug, tz_name, start_date, gate_id, direction, is_open, _) = rows[0]
    now = timezone.now()
    last_used_at = scan_store.aware(last_used_at)
    if tokens.refusal(revoked_at=revoked_at, expires_at=scan_store.aware(expires_at), user_is_active=is_active,
                      now=now):
        return None
    rights = access.rights_of(role, is_superuser=is_superuser)
    if access.CHECKIN not in rights or gate_id is None:
        return None
    tokens.note_use(token_id, last_used_at, now)
    event = scan_store.instance(Event, {"id": event_id, "slug": slug, "timezone": tz_name,
                                        "start_date": scan_store.date(start_date)})
    gate = scanning.Gate(id=gate_id, event_id=event_id, direction=direction, is_active=bool(is_open),
                         zone_ids=frozenset(row[-1] for row in rows if row[-1] is not None))
    return user_id, event, gate


def _json(body: dict, status: int) -> HttpResponse:
    """The response DRF would make: JSONRenderer's bytes and ScanView's headers."""
    response = HttpResponse(JSONRenderer().render(body), status=status, content_type="application/json")
    response["Allow"] = "POST, OPTIONS"
    patch_vary_headers(response, ["Accept"])
    return response
