import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from events.models import Event, EventMembership, Role

DEMO_USERS = [("protocol", Role.PROTOCOL), ("registration", Role.REGISTRATION), ("gate", Role.CHECKIN)]


class Command(BaseCommand):
    help = "Create the demo superuser 'admin' and one user per role, printing passwords once (when created)."

    def handle(self, *args, **options):
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            password = secrets.token_urlsafe(12)
            User.objects.create_superuser("admin", "admin@example.org", password)
            self.stdout.write(self.style.SUCCESS(f"Admin login created — user: admin  password: {password}"))
        events = list(Event.objects.all())
        for username, role in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(username, f"{username}@example.org", password, is_staff=True)
            for event in events:
                EventMembership.objects.get_or_create(user=user, event=event, defaults={"role": role})
            self.stdout.write(f"Demo {role} login created — user: {username}  password: {password}")
