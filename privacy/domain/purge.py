"""The daily purge of personal data past retention (Celery beat) and its manual twin
(`manage.py purge_personal_data`): one place that picks the events and purges each."""
from audit.domain import Actor
from events.domain import retention
from events.models import Event


def purge(*, dry_run=False, slug=None, by=None) -> list[tuple[Event, dict | str]]:
    """[(event, counts)] for every expired event, or only `slug`'s ((event, reason) if it is not
    expired). Raises Event.DoesNotExist for an unknown slug."""
    by = by or Actor.for_task("privacy.purge_personal_data")
    events = [Event.objects.get(slug=slug)] if slug else retention.expired_events()
    results = []
    for event in events:
        try:
            results.append((event, retention.purge_event(event, dry_run=dry_run, by=by)))
        except retention.NotExpired as exc:
            results.append((event, str(exc)))
    return results
