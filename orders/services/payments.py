"""Paying an order once per prime, and settling attempts whose outcome is unknown.

Paying follows three steps so a charge is never lost nor made twice: (1) a short durable
transaction locks the order and records a `pending` attempt, (2) TapPay is called outside
any transaction, (3) another transaction records the answer. An attempt whose answer never
came (timeout, 5xx, non-JSON) is `unknown` and blocks further charges until the Record API
settles it.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bookings.models import Booking
from bookings.pricing import today_in_taipei
from orders import tappay
from orders.emails import queue_receipt
from orders.forms import MESSAGES, declined_message
from orders.models import AttemptState, Order, OrderStatus, Payment
from orders.selectors import superseded
from orders.services.states import (
    OrderError,
    PaymentInProgressError,
    PaymentResult,
    move_order,
)

logger = logging.getLogger(__name__)

# After a timeout the gateway may still finish the charge: wait this long past the
# client's own timeout before asking the Record API what happened.
SETTLE_GRACE_SECONDS = 5


def pay_order(*, order: Order, prime: str) -> PaymentResult:
    """Charge a pending or failed order once with this prime (the three steps above)."""
    # An old attempt with no final answer blocks paying; settle it first if it can be.
    refresh_order(order=order)
    payment = _start_payment(order)
    order = payment.order
    try:
        response = tappay.pay_by_prime(
            prime=prime,
            amount=payment.amount,
            details=_details(order),
            cardholder={
                "phone_number": order.contact_phone,
                "name": order.contact_name,
                "email": order.contact_email,
            },
            order_number=order.number,
            bank_transaction_id=payment.bank_transaction_id,
        )
    except tappay.GatewayError as exc:
        return _record_unknown(payment, exc)
    except (ValueError, ImproperlyConfigured) as exc:
        # Refused before anything was sent (bad arguments, no partner key configured):
        # nothing was charged. The detail is for the log, not for the member.
        logger.error("order %s: attempt %s not sent: %s", order.number, payment.pk, exc)
        response = tappay.GatewayResponse(
            status=-1,
            message=MESSAGES["gateway_unavailable"],
            rec_trade_id="",
            bank_transaction_id="",
            data={},
        )
    return _record_answer(payment, response)


def _start_payment(order: Order) -> Payment:
    """Step 1: lock the order, check it may be charged, record the attempt, commit."""
    with transaction.atomic(durable=True):
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status not in (OrderStatus.PENDING, OrderStatus.FAILED):
            raise OrderError(
                MESSAGES["already_paid"]
                if order.status == OrderStatus.PAID
                else MESSAGES["not_payable"]
            )
        if _is_superseded(order):
            raise OrderError(MESSAGES["superseded"])
        if order.items.filter(date__lt=today_in_taipei()).exists():
            # Nobody can take a trip in the past: paying for it would only mean a refund.
            raise OrderError(MESSAGES["trip_past"])
        attempts = list(order.payments.all())
        if any(attempt.is_open for attempt in attempts):
            raise PaymentInProgressError(MESSAGES["in_progress"])
        payment = Payment(
            order=order,
            amount=order.amount,
            # One id per attempt, readable next to the order number in TapPay's portal.
            bank_transaction_id=f"{order.number}-{len(attempts) + 1}",
        )
        payment.full_clean()
        payment.save()
        if order.status == OrderStatus.FAILED:
            move_order(order, OrderStatus.PENDING, payment=payment)
    logger.info(
        "order %s: attempt %s started, amount %s",
        order.number,
        payment.pk,
        payment.amount,
    )
    return payment


def _is_superseded(order: Order) -> bool:
    """A newer order took some of this order's cart items (after this one failed)."""
    return Order.objects.filter(pk=order.pk).filter(superseded()).exists()


def _details(order: Order) -> str:
    names = "、".join(item.attraction_name for item in order.items.all())
    return f"台北一日遊 {order.number} {names}"[:100]


def _record_answer(payment: Payment, response: tappay.GatewayResponse) -> PaymentResult:
    """Step 3: record TapPay's answer and move the order accordingly."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.state != AttemptState.PENDING:
            # Settled meanwhile (reconciliation); a late success is logged for staff.
            if response.is_success and payment.state != AttemptState.SUCCEEDED:
                logger.error(
                    "order %s: attempt %s answered success after it was settled %s; "
                    "check TapPay and refund if charged twice",
                    order.number,
                    payment.pk,
                    payment.state,
                )
            return PaymentResult(order, payment, _message_for(order, payment))
        payment.rec_trade_id = response.rec_trade_id[:64]
        payment.gateway_status = response.status
        payment.message = response.message[:255]
        payment.answered_at = timezone.now()
        if response.is_success:
            _payment_succeeded(order, payment)
        else:
            _payment_failed(order, payment)
    return PaymentResult(order, payment, _message_for(order, payment))


def _record_unknown(payment: Payment, exc: Exception) -> PaymentResult:
    """Step 3 when no usable answer came: the charge may have happened, so never retry."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.state == AttemptState.PENDING:
            payment.state = AttemptState.UNKNOWN
            payment.message = str(exc)[:255]
            payment.answered_at = timezone.now()
            payment.save(update_fields=["state", "message", "answered_at"])
    logger.warning(
        "order %s: attempt %s amount %s outcome unknown (%s); reconcile_payments "
        "will ask the Record API",
        order.number,
        payment.pk,
        payment.amount,
        type(exc).__name__,
    )
    return PaymentResult(order, payment, _message_for(order, payment))


def _payment_succeeded(order: Order, payment: Payment) -> None:
    payment.state = AttemptState.SUCCEEDED
    payment.save()
    logger.info(
        "order %s: attempt %s amount %s succeeded (rec_trade_id %s)",
        order.number,
        payment.pk,
        payment.amount,
        payment.rec_trade_id,
    )
    if order.status not in (OrderStatus.PENDING, OrderStatus.FAILED):
        logger.error(
            "order %s is %s but attempt %s also charged %s; refund it",
            order.number,
            order.status,
            payment.pk,
            payment.amount,
        )
        return
    move_order(order, OrderStatus.PAID, payment=payment)
    # Paid trips leave the cart.
    source_ids = [item.source_booking_id for item in order.items.all()]
    Booking.objects.filter(user_id=order.user_id, pk__in=source_ids).delete()
    queue_receipt(order=order)


def _payment_failed(order: Order, payment: Payment) -> None:
    payment.state = AttemptState.FAILED
    payment.save()
    logger.info(
        "order %s: attempt %s amount %s failed (status %s: %s)",
        order.number,
        payment.pk,
        payment.amount,
        payment.gateway_status,
        payment.message,
    )
    if order.status == OrderStatus.PENDING:
        move_order(order, OrderStatus.FAILED, payment=payment)


def _message_for(order: Order, payment: Payment) -> str:
    if order.status == OrderStatus.PAID:
        return MESSAGES["paid"]
    if payment.state == AttemptState.FAILED:
        return declined_message(payment.gateway_status)
    return MESSAGES["unknown"]


def settle_after() -> timedelta:
    """How old a `pending` attempt must be before the Record API is asked about it:
    older than the client's own timeout, so no call still in flight is judged."""
    return timedelta(seconds=float(settings.TAPPAY_TIMEOUT) + SETTLE_GRACE_SECONDS)


def _stale_attempts() -> Q:
    """Open attempts the Record API may now settle: `pending` ones past settle_after(),
    `unknown` ones (their call is over) a grace period after the call ended."""
    now = timezone.now()
    return Q(state=AttemptState.PENDING, requested_at__lte=now - settle_after()) | Q(
        state=AttemptState.UNKNOWN,
        answered_at__lte=now - timedelta(seconds=SETTLE_GRACE_SECONDS),
    )


def open_payments(*, older_than: timedelta | None = None) -> list[Payment]:
    """Open attempts ready to settle, or all those requested before now - older_than."""
    if older_than is None:
        ready = _stale_attempts()
    else:
        ready = Q(
            state__in=[AttemptState.PENDING, AttemptState.UNKNOWN],
            requested_at__lte=timezone.now() - older_than,
        )
    return list(
        Payment.objects.filter(ready)
        .select_related("order")
        .order_by("requested_at", "pk")
    )


def reconcile_payment(*, payment: Payment) -> Payment:
    """Settle an open attempt from TapPay's Record API: paid, or failed if not found."""
    if not payment.is_open:
        return payment
    try:
        record = tappay.query_transaction(
            bank_transaction_id=payment.bank_transaction_id
        )
    except tappay.GatewayError as exc:
        logger.warning(
            "attempt %s: Record API unavailable (%s); still %s",
            payment.pk,
            type(exc).__name__,
            payment.state,
        )
        return payment
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if not payment.is_open:
            return payment
        payment.settled_at = timezone.now()
        if record is not None and tappay.record_is_paid(record):
            payment.rec_trade_id = str(record.get("rec_trade_id", ""))[:64]
            payment.gateway_status = 0
            payment.message = "Record API: paid"
            _payment_succeeded(order, payment)
        else:
            payment.message = (
                "Record API: no such transaction"
                if record is None
                else f"Record API: record_status {record.get('record_status')}"
            )[:255]
            _payment_failed(order, payment)
    return payment


def refresh_order(*, order: Order) -> Order:
    """Settle the order's stale open attempts, so a member viewing it sees the outcome."""
    stale = list(order.payments.filter(_stale_attempts()))
    for payment in stale:
        reconcile_payment(payment=payment)
    if stale:
        order.refresh_from_db()
    return order
