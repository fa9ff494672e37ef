"""The order's state machine and the errors and results the services share."""

import logging
from dataclasses import dataclass

from django.utils import timezone

from orders.forms import MESSAGES
from orders.models import Order, OrderStatus, Payment
from orders.selectors import contract_status
from taipei_trip.errors import AppError

logger = logging.getLogger(__name__)

# The moves an order may make; anything else is a bug or a race and is refused.
TRANSITIONS = {
    OrderStatus.PENDING: {OrderStatus.PAID, OrderStatus.FAILED},
    OrderStatus.FAILED: {OrderStatus.PENDING, OrderStatus.PAID},
    OrderStatus.PAID: {OrderStatus.REFUNDED},
    OrderStatus.REFUNDED: set(),
}


class OrderError(AppError):
    """A request the order rules refuse; the message is shown to the member (HTTP 400)."""


class PaymentInProgressError(OrderError):
    """An earlier attempt has no final answer yet, so charging again could charge twice."""


@dataclass(frozen=True)
class PaymentResult:
    order: Order
    payment: Payment | None
    message: str

    @property
    def redirect_url(self) -> str:
        """Where the buyer must go to finish paying (TapPay's page), or ""."""
        if self.payment is None or not self.payment.is_awaiting_buyer:
            return ""
        return self.payment.payment_url

    @property
    def contract_status(self) -> int:
        """The contract's payment.status: 0 paid, 1 not paid."""
        return contract_status(self.order)


def move_order(order: Order, to: str, *, payment: Payment | None = None) -> None:
    """Change a locked order's status, refusing moves TRANSITIONS does not list."""
    if to not in TRANSITIONS[OrderStatus(order.status)]:
        raise OrderError(MESSAGES["not_payable"])
    logger.info(
        "order %s: %s -> %s (attempt %s, amount %s)",
        order.number,
        order.status,
        to,
        payment.pk if payment else None,
        order.amount,
    )
    order.status = to
    now = timezone.now()
    if to == OrderStatus.PAID:
        order.paid_at = now
    elif to == OrderStatus.REFUNDED:
        order.refunded_at = now
    order.save(update_fields=["status", "paid_at", "refunded_at", "updated_at"])
