"""/readyz: 200 when the database, Redis (when configured) and the storage answer, else 503 naming
what does not. The start-up check: a bucket that cannot be written stops `check --deploy`, gunicorn
and the Celery worker, with the reason."""
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from backend.startup import require_writable_storage
from tests.helpers.processes import free_port
from tests.helpers.s3_server import S3Server

from .conftest import BUCKET

pytestmark = pytest.mark.django_db


def test_ready_with_the_bucket(client, object_storage):
    response = client.get("/readyz", HTTP_HOST="127.0.0.1:8000")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok" and body["failing"] == []
    assert body["checks"]["database"] == "ok" and body["checks"]["storage"] == "ok"
    assert response["Cache-Control"] == "no-store"


def test_ready_with_local_folders(client):
    body = client.get("/readyz").json()
    assert body["checks"]["storage"] == "ok" and body["failing"] == []


def test_not_ready_without_the_storage_server(point_at_bucket, client):
    point_at_bucket(S3Server())  # nothing listens on its port
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["failing"] == ["storage"]
    assert body["checks"]["database"] == "ok" and body["checks"]["storage"] == "EndpointConnectionError"


def test_not_ready_without_the_bucket(point_at_bucket, client, s3_server):
    point_at_bucket(s3_server, bucket="no-such-bucket")
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["failing"] == ["storage"]
    assert response.json()["checks"]["storage"] == "NoSuchBucket"


def test_not_ready_without_redis(client, settings):
    settings.CACHES = {**settings.CACHES, "feeds": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                                    "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["redis"] and response.json()["checks"]["redis"] == "ConnectionError"


def test_the_deploy_check_passes_with_a_writable_bucket(object_storage, s3_server):
    call_command("check", "--deploy", "--tag", "storage")
    require_writable_storage()
    leftovers = s3_server.client().list_objects_v2(Bucket=BUCKET, Prefix=f"{object_storage['prefix']}/").get("Contents", [])
    assert leftovers == []  # the probe deletes what it wrote


def test_the_deploy_check_fails_with_the_reason(point_at_bucket, s3_server):
    point_at_bucket(s3_server, bucket="no-such-bucket")
    with pytest.raises(SystemCheckError, match="core.E101.*cannot be written.*NoSuchBucket"):
        call_command("check", "--deploy", "--tag", "storage")
    with pytest.raises(ImproperlyConfigured, match="Refusing to start.*'default' cannot be written.*NoSuchBucket"):
        require_writable_storage()


def test_keys_without_write_rights_fail_the_check(point_at_bucket, tmp_path):
    with S3Server(env={"INITIAL_NO_AUTH_ACTION_COUNT": "4"}, log_path=tmp_path / "moto.log") as guarded:
        guarded.create_bucket("read-only")
        point_at_bucket(guarded, bucket="read-only", keys=guarded.read_only_keys("read-only"))
        with pytest.raises(SystemCheckError, match="'default' cannot be written.*AccessDenied"):
            call_command("check", "--deploy", "--tag", "storage")


def test_gunicorn_and_the_worker_refuse_to_start_on_a_bucket_they_cannot_write(s3_server, tmp_path):
    env = {**os.environ, **s3_server.environ("no-such-bucket"), "DJANGO_SETTINGS_MODULE": "tests.settings",
           "LIAISON_TEST_ROOT": str(tmp_path), "CELERY_BROKER_URL": "memory://", "PYTHONPATH": os.getcwd()}
    commands = {
        "gunicorn": [sys.executable, "-m", "gunicorn", "backend.wsgi:application", "--bind", f"127.0.0.1:{free_port()}",
                     "--workers", "1"],
        "worker": [sys.executable, "-m", "celery", "-A", "backend", "worker", "--pool=solo"],
    }
    processes = {name: subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                 for name, command in commands.items()}
    for name, process in processes.items():
        output, _ = process.communicate(timeout=120)
        assert process.returncode != 0, name
        assert "cannot be written" in output and "NoSuchBucket" in output, (name, output[-2000:])
