"""Settle payment attempts (and refunds) whose outcome is unknown via the Record API.

An attempt is `unknown` after a timeout, a 5xx or an unreadable answer, and `pending` for
ever if the process died mid-call. Run this from cron every few minutes:
`python manage.py reconcile_payments`.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from orders import services
from orders.models import AttemptState


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
        older_than = None if min_age is None else timedelta(seconds=min_age)
        counts = dict.fromkeys(AttemptState.values, 0)
        payments = services.open_payments(older_than=older_than)
        for payment in payments:
            settled = services.reconcile_payment(payment=payment)
            counts[settled.state] += 1
            if verbosity >= 2:
                self.stdout.write(
                    f"{payment.order.number} attempt {payment.pk} "
                    f"({payment.bank_transaction_id}): {payment.state} -> {settled.state}"
                )
        self.stdout.write(
            f"{len(payments)} open attempts checked: "
            f"{counts['succeeded']} paid, {counts['failed']} failed, "
            f"{counts['unknown'] + counts['pending']} still unknown"
        )
        self.settle_refunds(
            services.settle_after() if older_than is None else older_than, verbosity
        )

    def settle_refunds(self, older_than: timedelta, verbosity: int) -> None:
        refunds = services.open_refunds(older_than=older_than)
        if not refunds:
            return
        counts = dict.fromkeys(AttemptState.values, 0)
        for refund in refunds:
            settled = services.reconcile_refund(refund=refund)
            counts[settled.state] += 1
            if verbosity >= 2:
                self.stdout.write(
                    f"{refund.order.number} refund {refund.pk}: "
                    f"{refund.state} -> {settled.state}"
                )
        self.stdout.write(
            f"{len(refunds)} open refunds checked: "
            f"{counts['succeeded']} refunded, {counts['failed']} not refunded, "
            f"{counts['unknown'] + counts['pending']} still unknown"
        )
