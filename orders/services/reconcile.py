"""Settle every open payment and refund through the Record API, in one pass: what
`manage.py reconcile_payments` and the dashboard's "reconcile now" both run."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from orders.models import AttemptState
from orders.services.payments import (
    open_payments,
    reconcile_payment,
    refresh_order,
    settle_after,
)
from orders.services.refunds import open_refunds, reconcile_refund
from orders.services.seats import expired_holds, release_expired_hold


def _counts() -> dict[str, int]:
    return dict.fromkeys(AttemptState.values, 0)


@dataclass
class ReconcileSummary:
    payments_checked: int = 0
    payments: dict[str, int] = field(default_factory=_counts)
    refunds_checked: int = 0
    refunds: dict[str, int] = field(default_factory=_counts)

    def lines(self) -> list[str]:
        p, r = self.payments, self.refunds
        lines = [
            f"{self.payments_checked} open attempts checked: "
            f"{p['succeeded']} paid, {p['failed']} failed, "
            f"{p['unknown'] + p['pending']} still unknown"
        ]
        if self.refunds_checked:
            lines.append(
                f"{self.refunds_checked} open refunds checked: "
                f"{r['succeeded']} refunded, {r['failed']} not refunded, "
                f"{r['unknown'] + r['pending']} still unknown"
            )
        return lines


def reconcile_open_attempts(
    *,
    older_than: timedelta | None = None,
    report: Callable[[str], None] | None = None,
) -> ReconcileSummary:
    """Ask the Record API about each open payment, then each open refund."""
    summary = ReconcileSummary()
    payments = open_payments(older_than=older_than)
    summary.payments_checked = len(payments)
    for payment in payments:
        settled = reconcile_payment(payment=payment)
        summary.payments[settled.state] += 1
        if report:
            report(
                f"{payment.order.number} attempt {payment.pk} "
                f"({payment.bank_transaction_id}): {payment.state} -> {settled.state}"
            )
    refunds = open_refunds(
        older_than=settle_after() if older_than is None else older_than
    )
    summary.refunds_checked = len(refunds)
    for refund in refunds:
        settled = reconcile_refund(refund=refund)
        summary.refunds[settled.state] += 1
        if report:
            report(
                f"{refund.order.number} refund {refund.pk}: "
                f"{refund.state} -> {settled.state}"
            )
    return summary


def release_expired_holds(*, report: Callable[[str], None] | None = None) -> int:
    """Give back the seats of unpaid orders held past settings.TRIP_SEAT_HOLD_MINUTES.

    An order with a payment in flight is asked about first (Record API): paid keeps its
    seats, failed releases them, and one still unknown keeps them, since money may
    have been taken. Returns how many orders let their seats go.
    """
    released = 0
    for order in expired_holds():
        refresh_order(order=order, verify_redirects=True)
        if release_expired_hold(order):
            released += 1
            if report:
                report(f"{order.number}: seats released")
    return released
