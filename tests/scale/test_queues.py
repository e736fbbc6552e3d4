"""Every task has its queue: default, badges, mail, imports or maintenance (backend.settings), and
every task the beat schedule names exists."""
import fnmatch

import backend.settings as production
from backend.celery import app


def _queue(name):
    for pattern, route in production.CELERY_TASK_ROUTES.items():
        if fnmatch.fnmatchcase(name, pattern):
            return route["queue"]
    return production.CELERY_TASK_DEFAULT_QUEUE


def test_every_task_is_routed_to_one_of_the_queues():
    app.loader.import_default_modules()
    tasks = sorted(name for name in app.tasks if not name.startswith("celery."))
    routed = {name: _queue(name) for name in tasks}
    assert set(routed.values()) <= set(production.CELERY_QUEUES_ALL)
    assert routed["badges.tasks.render_badge_part"] == "badges"
    assert routed["correspondence.tasks.send_message_task"] == "mail"
    assert routed["spreadsheets.tasks.check_import"] == "imports"
    assert routed["privacy.purge_personal_data"] == "maintenance"
    assert routed["badges.tasks.recover_interrupted_badge_batches"] == "maintenance"


def test_the_beat_schedule_names_existing_tasks():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in production.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(app.tasks)
    assert {"privacy.purge_personal_data", "correspondence.tasks.recover_interrupted_messages",
            "spreadsheets.tasks.discard_stale_imports", "badges.tasks.recover_interrupted_badge_batches",
            "core.tasks.clear_expired_sessions"} <= scheduled
