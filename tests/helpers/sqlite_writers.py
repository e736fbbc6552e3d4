"""API writes from several threads, each with its own connection, on a SQLite *file* with the
production database settings (what a small install runs on). The test database is in memory, so
tests/test_optimistic_concurrency.py copies it to a file and runs this in a process of its own:

    python -m tests.helpers.sqlite_writers '{"db": "/tmp/x.sqlite3", "slug": "…", "work": [[token, [guest ids]], …]}'

Each thread, for each of its guests: GET, PATCH with If-Match, then cancel (a transaction that reads
before it writes). With "hold_lock": true another connection holds the write lock meanwhile and
"timeout" is how long a write waits for it. Prints {"statuses": [...], "bodies": [...]} as JSON."""
import json
import os
import sqlite3
import sys
import threading


def main(args):
    os.environ["DATABASE_URL"] = f"sqlite:///{args['db']}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django
    from django.conf import settings

    django.setup()
    if args.get("timeout") is not None:
        settings.DATABASES["default"]["OPTIONS"]["timeout"] = args["timeout"]
    from django.db import connection
    from rest_framework.test import APIClient

    statuses, bodies, errors = [], [], []
    barrier = threading.Barrier(len(args["work"]))

    def record(response):
        statuses.append(response.status_code)
        if response.status_code >= 500 or response.status_code == 503:
            bodies.append({"status": response.status_code, "retry_after": response.get("Retry-After"),
                           "body": response.content.decode()[:300]})
        return response

    def write(token, guest_ids):
        client = APIClient()
        client.raise_request_exception = False
        client.credentials(HTTP_AUTHORIZATION="Token " + token)
        try:
            barrier.wait(timeout=30)
            for guest_id in guest_ids:
                url = f"/api/v1/events/{args['slug']}/guests/{guest_id}/"
                etag = record(client.get(url)).get("ETag", "*")
                record(client.patch(url, {"dietary": f"halal {guest_id}"}, format="json", HTTP_IF_MATCH=etag))
                record(client.post(url + "cancel/", {}, format="json"))
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors.append(repr(exc))
        finally:
            connection.close()

    # As on a running install (`migrate` opened it first): the file is in WAL mode before the
    # writers start. Switching a file to WAL needs it to itself, so four first connections racing
    # to switch it could find it locked, which no installed site ever meets.
    connection.ensure_connection()
    connection.close()
    holder = None
    if args.get("hold_lock"):
        holder = sqlite3.connect(args["db"], isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
    threads = [threading.Thread(target=write, args=(token, ids)) for token, ids in args["work"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if holder is not None:
        holder.execute("ROLLBACK")
        holder.close()
    print(json.dumps({"statuses": statuses, "bodies": bodies, "errors": errors}))


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
