"""Delete sign-in tokens that can no longer sign anyone in (expired or revoked).

    python manage.py purge_tokens            # run daily, e.g. from cron
    python manage.py purge_tokens --dry-run  # only count them

Such rows only take space: a token is checked by its hash, and a missing row and an
expired or revoked one give the same answer. Attempt counters whose window ended
(accounts/throttling.py) go too.
"""

from django.core.management.base import BaseCommand

from accounts.services import purge_dead_tokens
from accounts.tokens import dead_tokens


class Command(BaseCommand):
    help = "Delete expired and revoked sign-in tokens and ended attempt counters."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="count the tokens, delete nothing"
        )

    def handle(self, *args, dry_run: bool, verbosity: int, **options):
        if dry_run:
            dead = dead_tokens().count()
            verb = "would be deleted"
        else:
            dead = purge_dead_tokens()
            verb = "deleted"
        if verbosity >= 1:
            self.stdout.write(f"{dead} expired or revoked tokens {verb}.")
