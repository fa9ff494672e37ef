"""Orders and payments: every change of an order's or attempt's state happens here."""

from orders.services.checkout import checkout, place_order
from orders.services.payments import (
    SETTLE_GRACE_SECONDS,
    open_payments,
    pay_order,
    reconcile_payment,
    refresh_order,
    settle_after,
)
from orders.services.reconcile import ReconcileSummary, reconcile_open_attempts
from orders.services.refunds import (
    open_refunds,
    reconcile_refund,
    refund_order,
)
from orders.services.states import (
    TRANSITIONS,
    OrderError,
    PaymentInProgressError,
    PaymentResult,
    move_order,
)

__all__ = [
    "SETTLE_GRACE_SECONDS",
    "TRANSITIONS",
    "OrderError",
    "PaymentInProgressError",
    "PaymentResult",
    "ReconcileSummary",
    "checkout",
    "move_order",
    "open_payments",
    "open_refunds",
    "pay_order",
    "place_order",
    "reconcile_open_attempts",
    "reconcile_payment",
    "reconcile_refund",
    "refresh_order",
    "refund_order",
    "settle_after",
]
