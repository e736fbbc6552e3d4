"""Real concurrency for tests: callables in threads, each with its own database connection."""
import threading

from django.db import connection


def together(*calls):
    """Run each callable in its own thread (own database connection) and return their results in
    order. Each callable gets the shared barrier: calling `barrier.wait(timeout=30)` releases them all
    at the same instant (e.g. after every thread has read, before any writes)."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(index, call):
        try:
            results[index] = call(barrier)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results
