from django.core.management.base import BaseCommand, CommandError

from audit.domain import Actor
from events.models import Event
from privacy.domain.purge import purge


class Command(BaseCommand):
    help = ("Erase passport data, dates of birth, photos, badge sheets and feed tokens of events past their "
            "retention (not on legal hold); names and statistics stay.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Print what would be erased; erase nothing.")
        parser.add_argument("--event", metavar="SLUG", help="Only this event.")

    def handle(self, *args, dry_run=False, event=None, **options):
        try:
            results = purge(dry_run=dry_run, slug=event, by=Actor.for_task("manage.py purge_personal_data"))
        except Event.DoesNotExist:
            raise CommandError(f"No event with the slug {event!r}.") from None
        if not results:
            self.stdout.write("No event is past its retention.")
        for found, counts in results:
            if isinstance(counts, str):
                self.stdout.write(counts)
                continue
            verb = "would erase" if dry_run else "erased"
            listed = ", ".join(f"{what}: {count}" for what, count in sorted(counts.items()))
            self.stdout.write(f"{found.slug}: {verb} {listed}")
