from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.domain import tokens


class Command(BaseCommand):
    help = ("Create an API token for a user and print its key (only the key, on standard output). "
            "The key is shown only this once: the database keeps a digest.")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. 'gate 3 scanner'.")
        parser.add_argument("--days", type=int, default=None,
                            help=f"Days until it expires (1–{tokens.MAX_DAYS}); default: API_TOKEN_DEFAULT_DAYS.")

    def handle(self, *args, username, name, days, **options):
        if days is not None and not 1 <= days <= tokens.MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {tokens.MAX_DAYS}.")
        try:
            user = get_user_model()._default_manager.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None
        token, key = tokens.create_token(user, name=name, days=days)
        expiry = token.expires_at.isoformat(timespec="minutes") if token.expires_at else "never"
        self.stderr.write(f"Token {token.prefix}… for {username} (expires: {expiry}). Its key, shown only now:")
        self.stdout.write(key)
