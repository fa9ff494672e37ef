"""Settle payment attempts (and refunds) whose outcome is unknown via the Record API.

An attempt is `unknown` after a timeout, a 5xx or an unreadable answer, and `pending` for
ever if the process died mid-call. Run this from cron every few minutes:
`python manage.py reconcile_payments`.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from orders import services


class Command(BaseCommand):
    help = (
        "Settle unknown and stale pending TapPay payment attempts via the Record API."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age",
            type=float,
            default=None,
            help=(
                "Settle every open attempt requested at least this many seconds ago. "
                "Default: pending attempts older than the gateway timeout plus a grace "
                "period and unknown ones that grace period after their call ended, so "
                "no call still in flight is asked about."
            ),
        )

    def handle(self, *args, min_age=None, verbosity=1, **options):
        if min_age is not None and min_age < 0:
            raise CommandError("--min-age must be 0 or more seconds")
        summary = services.reconcile_open_attempts(
            older_than=None if min_age is None else timedelta(seconds=min_age),
            report=self.stdout.write if verbosity >= 2 else None,
        )
        for line in summary.lines():
            self.stdout.write(line)
