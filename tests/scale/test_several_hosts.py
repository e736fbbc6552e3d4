"""Past one machine, with real processes: an S3-compatible server (moto), two gunicorn servers and two
Celery workers, each in its own working directory with its own empty MEDIA_ROOT and var folder,
sharing only PostgreSQL, Redis and the bucket. A batch posted to web A is rendered by the workers
(one SIGKILLed mid-batch), downloaded through web B byte for byte as through A, every badge once; a
badge revoked through A is refused at the next scan through B."""
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

from audit.models import AuditEntry
from badges.demo import seed_zones
from badges.domain.prepared import PreparedTemplate
from badges.domain.templates import get_default_template
from badges.models import Badge, BadgeBatch, BadgeBatchPart
from tests import factories
from tests.badges.test_qr_sheet import decode_sheet
from tests.helpers.processes import ROOT, WebServer, Worker, database_url, wait_for
from tests.helpers.s3_server import S3Server

pytestmark = [pytest.mark.scale, pytest.mark.celery_worker, pytest.mark.postgres,
              pytest.mark.django_db(transaction=True)]
QUEUES = ("default", "badges", "mail", "imports", "maintenance")
LEASE_SECONDS = 2


class Client:
    def __init__(self, server, token):
        self.base, self.token = server.url, token

    def call(self, method, path, body=None):
        request = urllib.request.Request(self.base + path, method=method, headers={
            "Authorization": f"Token {self.token}", "Content-Type": "application/json"},
            data=None if body is None else json.dumps(body).encode())
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def json(self, method, path, body=None):
        status, data = self.call(method, path, body)
        return status, json.loads(data)


@pytest.fixture
def cluster(tmp_path):
    """start_web(name) / start_worker(name) / sweep(): processes on the shared services only."""
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        pytest.skip("no broker")
    import redis

    client = redis.Redis.from_url(broker)
    client.delete(*QUEUES)  # messages a killed earlier run may have left
    s3 = S3Server(log_path=tmp_path / "moto.log").start()
    bucket = s3.create_bucket(f"liaison-scale-{secrets.token_hex(4)}")
    shared = {"DJANGO_SETTINGS_MODULE": "backend.settings", "DATABASE_URL": database_url(),
              "CELERY_BROKER_URL": broker, "CELERY_RESULT_BACKEND": "", "CACHE_URL": broker,
              "CACHE_KEY_PREFIX": f"scale-{secrets.token_hex(4)}", **s3.environ(bucket),
              "SECURE_SSL_REDIRECT": "0", "DEBUG": "0", "BADGE_PART_LEASE_SECONDS": str(LEASE_SECONDS)}
    started = []

    def own(name, extra):
        home = tmp_path / name
        (home / "media").mkdir(parents=True)
        return home, {**shared, "MEDIA_ROOT": str(home / "media"), "LIAISON_VAR_DIR": str(home / "var"), **extra}

    def start_web(name):
        home, env = own(name, {})
        started.append(WebServer(env=env, cwd=home, log_path=tmp_path / f"{name}.log"))
        return started[-1]

    def start_worker(name, **extra):
        home, env = own(name, extra)
        started.append(Worker(name, QUEUES, env=env, cwd=home, log_path=tmp_path / f"{name}.log"))
        return started[-1]

    def sweep():
        """What Celery beat runs every minute, with no lease (the dead worker's part is taken at once)."""
        home = tmp_path / f"beat-{len(started)}-{time.monotonic_ns()}"
        home.mkdir()
        code = ("import django; django.setup(); from badges.tasks import recover_interrupted_badge_batches as r; "
                "print(r())")
        subprocess.run([sys.executable, "-c", code], cwd=home, check=True, timeout=60, env={
            **os.environ, "PYTHONPATH": str(ROOT), **shared, "BADGE_PART_LEASE_SECONDS": "0",
            "LIAISON_VAR_DIR": str(home)})

    try:
        yield type("Cluster", (), {"start_web": staticmethod(start_web), "start_worker": staticmethod(start_worker),
                                   "sweep": staticmethod(sweep), "homes": tmp_path, "s3": s3, "bucket": bucket})
    finally:
        for process in started:
            process.stop()
        s3.stop()


def _parts(batch_id, status):
    return BadgeBatchPart.objects.filter(batch_id=batch_id, status=status).count()


def test_two_webs_two_workers_one_bucket(cluster, event):
    seed_zones(event)
    template = get_default_template(event)
    per_page = len(PreparedTemplate(template, event).geometry.slots)
    guests = [factories.make_guest(event, family_name=f"SCALE{i:03d}") for i in range(10 * per_page)]
    protocol = factories.token_for(factories.make_member(event, "protocol"))
    web_a, web_b = cluster.start_web("web-a"), cluster.start_web("web-b")
    first = cluster.start_worker("worker-1", BADGE_BATCH_PART_SIZE=str(per_page))
    cluster.start_worker("worker-2", BADGE_BATCH_PART_SIZE=str(per_page))
    a, b = Client(web_a, protocol), Client(web_b, protocol)
    batches = f"/api/v1/events/{event.slug}/badge-batches/"

    status, body = a.json("POST", batches, {"selection": {"all": True}})
    assert status == 202, body
    batch_id = body["id"]
    wait_for(lambda: _parts(batch_id, "done") >= 1 and _parts(batch_id, "running") >= 1, step=0.02)
    first.kill()  # mid-batch, with a part claimed
    time.sleep(LEASE_SECONDS + 0.5)
    cluster.sweep()

    def finished():
        status, body = b.json("GET", f"{batches}{batch_id}/")
        if body["status"] in ("done", "failed"):
            return body
        cluster.sweep()  # as beat would, should the first sweep have come too early
        time.sleep(1)
        return None

    body = wait_for(finished, seconds=180)
    assert body["status"] == "done" and body["progress"] == {"done": len(guests), "total": len(guests)}, body
    download = urllib.parse.urlsplit(body["download_url"]).path
    status, through_b = b.call("GET", download)
    assert status == 200 and through_b.startswith(b"%PDF")
    status, through_a = a.call("GET", download)
    assert status == 200 and through_a == through_b  # byte-identical whichever web serves it
    codes = decode_sheet(through_b, dpi=120)
    assert len(codes) == len(set(codes)) == len(guests)  # every badge once: none missing, none twice
    assert Badge.objects.filter(event=event).count() == len(guests)
    batch = BadgeBatch.objects.get(pk=batch_id)
    assert batch.attempts == 1 and not batch.parts.exists()
    assert AuditEntry.objects.filter(action="batch.printed", object_id=batch_id).count() == 1
    keys = [item["Key"] for item in cluster.s3.client().list_objects_v2(Bucket=cluster.bucket).get("Contents", [])]
    assert [key for key in keys if "batch-" in key] == [key for key in keys if key.endswith(batch.file_name)]
    local = [p for p in Path(cluster.homes).rglob("*.pdf")]
    assert local == []  # nothing on any process's own disk

    _revocation_is_seen_at_once_by_the_other_web(event, web_a, web_b)


def _revocation_is_seen_at_once_by_the_other_web(event, web_a, web_b):
    from badges.domain.qr import encode_payload

    hall = factories.AccessZoneFactory(event=event, code="hall")
    gate = factories.CheckpointFactory(event=event, zones=[hall], direction="entry")
    badge = factories.BadgeFactory(guest=factories.GuestFactory(event=event), zones=[hall])
    code = encode_payload(badge)
    scanner = Client(web_b, factories.token_for(factories.make_member(event, "checkin")))
    protocol = Client(web_a, factories.token_for(factories.make_member(event, "protocol")))
    scan = f"/api/v1/events/{event.slug}/checkin/scan/"

    def scan_at_b():
        status, body = scanner.json("POST", scan, {"qr": code, "checkpoint": gate.pk, "nonce": uuid.uuid4().hex})
        assert status == 201, body
        return body["result"]

    assert [scan_at_b(), scan_at_b()] == ["ok", "ok"]  # whatever B keeps about this badge, it has it now
    status, body = protocol.json("POST", f"/api/v1/events/{event.slug}/badges/{badge.pk}/revoke/", {"reason": "lost"})
    assert status == 200 and body["status"] == "revoked", body
    assert scan_at_b() == "revoked"
