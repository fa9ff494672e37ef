"""Orders and payments: every change of an order's or attempt's state happens here."""

from orders.services.checkout import checkout, place_order
from orders.services.notify import NotifyError, handle_notify
from orders.services.payments import (
    AWAITING_BUYER,
    SETTLE_GRACE_SECONDS,
    open_payments,
    outcome_of,
    pay_order,
    reconcile_payment,
    redirect_window,
    refresh_order,
    settle_after,
    settle_from_record,
    settle_payment,
)
from orders.services.reconcile import (
    ReconcileSummary,
    reconcile_open_attempts,
    release_expired_holds,
)
from orders.services.redirects import available_methods
from orders.services.refunds import (
    RefundPlan,
    cancel_items,
    open_refunds,
    plan_refund,
    reconcile_refund,
    refund_order,
    refundable_amount,
    refundable_items,
    refunded_amount,
)
from orders.services.states import (
    TRANSITIONS,
    OrderError,
    PaymentInProgressError,
    PaymentResult,
    move_order,
)

__all__ = [
    "AWAITING_BUYER",
    "SETTLE_GRACE_SECONDS",
    "TRANSITIONS",
    "NotifyError",
    "OrderError",
    "PaymentInProgressError",
    "PaymentResult",
    "ReconcileSummary",
    "RefundPlan",
    "available_methods",
    "cancel_items",
    "checkout",
    "handle_notify",
    "move_order",
    "open_payments",
    "open_refunds",
    "outcome_of",
    "pay_order",
    "place_order",
    "plan_refund",
    "reconcile_open_attempts",
    "reconcile_payment",
    "reconcile_refund",
    "release_expired_holds",
    "redirect_window",
    "refresh_order",
    "refund_order",
    "refundable_amount",
    "refundable_items",
    "refunded_amount",
    "settle_after",
    "settle_from_record",
    "settle_payment",
]
