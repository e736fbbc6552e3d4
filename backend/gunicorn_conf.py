"""gunicorn's settings for Liaison: the image serves with them (`gunicorn -c python:backend.gunicorn_conf`)
and the HTTP benchmarks start their server with the same worker count and class (bench/http.py).

Sync workers, one per core unless WEB_CONCURRENCY says how many. Measured on the 2-core development
machine with PostgreSQL on the same host, as in docker/compose.yml (bench/guests.py and bench/checkin.py,
the same day, 2 against 4 workers): the guest list served 376 against 341 pages of 50 per second at a
p50 of 52 against 58 ms, a scan at 200 scans/s took 8.2 against 11.1 ms at p50, the empty endpoint
955 against 997 requests/s. On few cores, more processes than cores only take turns (and lose their
caches when they do). Threads contend for the GIL at every database round trip: gthread 4 × 2 served
about 1.5× fewer scans than sync workers. With the database on other hosts a worker waits longer for
each answer, and more workers than cores pay: set WEB_CONCURRENCY."""
import os

workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1)
worker_class = "sync"
