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
from django.utils import timezone, translation

from bookings.models import Booking
from bookings.pricing import is_past_cutoff
from orders import tappay
from orders.emails import queue_receipt
from orders.forms import MESSAGES, declined_message
from orders.models import AttemptState, Order, OrderStatus, Payment, PaymentMethod
from orders.selectors import cutoff_message, orders_with_relations, payment_refusal
from orders.services import redirects
from orders.services.seats import hold_seats, release_order_seats
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


def pay_order(
    *,
    order: Order,
    prime: str,
    method: str = PaymentMethod.CARD,
    language: str | None = None,
) -> PaymentResult:
    """Charge a pending or failed order once with this prime (the three steps above).

    A card with 3-D Secure on, or a wallet, may answer "send the buyer to TapPay's
    page": the attempt then stays pending (the order too) until the return page, the
    notify or reconcile_payments reads the outcome from the Record API. `language`,
    the one the member pays in, becomes the order's: its receipt is written in it.
    """
    redirects.check_method(method)
    # An old attempt with no final answer blocks paying; settle it first if it can be
    # (a buyer who left TapPay's page may have failed or abandoned it meanwhile).
    refresh_order(order=order, verify_redirects=True)
    payment = _start_payment(order, method, language)
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
            **redirects.gateway_options(order=order, method=method),
        )
    except tappay.GatewayError as exc:
        return _record_unknown(payment, exc)
    except (ValueError, ImproperlyConfigured) as exc:
        # Refused before anything was sent (bad arguments, no partner key configured):
        # nothing was charged. The detail is for the log, not for the member.
        logger.error("order %s: attempt %s not sent: %s", order.number, payment.pk, exc)
        # The payment row keeps it for staff, in 繁體中文 whatever the member reads.
        with translation.override(settings.LANGUAGE_CODE):
            message = str(MESSAGES["gateway_unavailable"])
        response = tappay.GatewayResponse(
            status=-1,
            message=message,
            rec_trade_id="",
            bank_transaction_id="",
            data={},
        )
    return _record_answer(payment, response)


def _start_payment(order: Order, method: str, language: str | None) -> Payment:
    """Step 1: lock the order, check it may be charged, record the attempt, commit."""
    with transaction.atomic(durable=True):
        Order.objects.select_for_update().get(pk=order.pk)
        # Read after the lock, so no other payment can change it until commit.
        order = orders_with_relations().get(pk=order.pk)
        refusal = payment_refusal(order)
        if refusal:
            raise OrderError(refusal)
        attempts = list(order.payments.all())
        if any(attempt.is_open for attempt in attempts):
            raise PaymentInProgressError(MESSAGES["in_progress"])
        # A failed payment gave the seats back: paying again needs them again.
        hold_seats(order)
        payment = Payment(
            order=order,
            amount=order.amount,
            method=method,
            # One id per attempt, readable next to the order number in TapPay's portal.
            bank_transaction_id=f"{order.number}-{len(attempts) + 1}",
        )
        payment.full_clean()
        payment.save()
        if order.status == OrderStatus.FAILED:
            move_order(order, OrderStatus.PENDING, payment=payment)
        if language and order.language != language:
            order.language = language
            Order.objects.filter(pk=order.pk).update(language=language)
    logger.info(
        "order %s: attempt %s started, amount %s, %s",
        order.number,
        payment.pk,
        payment.amount,
        payment.method,
    )
    return payment


def refuse_past_cutoff(trips) -> None:
    """No order for a slot past its booking cut-off (payment_refusal says the same to
    paying)."""
    for trip in trips:
        if is_past_cutoff(trip.date, trip.slot):
            raise OrderError(cutoff_message(trip.date, trip.slot))


def _details(order: Order) -> str:
    names = "、".join(item.attraction_name for item in order.items.all())
    return f"台北一日遊 {order.number} {names}"[:100]


def _record_answer(payment: Payment, response: tappay.GatewayResponse) -> PaymentResult:
    """Step 3: record TapPay's answer and move the order accordingly."""
    if not response.is_success:
        outcome = AttemptState.FAILED
    elif response.payment_url:
        outcome = AWAITING_BUYER
    else:
        outcome = AttemptState.SUCCEEDED
    payment = settle_payment(
        payment=payment,
        outcome=outcome,
        rec_trade_id=response.rec_trade_id,
        gateway_status=response.status,
        message=response.message,
        payment_url=response.payment_url,
        answered=True,
    )
    return PaymentResult(payment.order, payment, _message_for(payment.order, payment))


AWAITING_BUYER = "awaiting_buyer"


def settle_payment(
    *,
    payment: Payment,
    outcome: str,
    rec_trade_id: str = "",
    gateway_status: int | None = None,
    message: str = "",
    payment_url: str = "",
    answered: bool = False,
) -> Payment:
    """Record what TapPay said about an open attempt, once, under the order's lock.

    The one place an attempt is settled, whoever learnt the outcome: the synchronous
    answer (`answered`), the return page, the backend notify or reconcile_payments.
    `outcome` is succeeded, failed, or AWAITING_BUYER (TapPay sent the buyer to
    `payment_url`). An attempt no longer open is left alone, so a repeated notify or a
    notify racing the return page changes nothing and sends no second receipt.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        payment.order = order
        # The synchronous answer belongs to the call still pending; anything else may
        # settle an attempt that is pending (awaiting the buyer) or unknown.
        is_current = (
            payment.state == AttemptState.PENDING and not payment.payment_url
            if answered
            else payment.is_open
        )
        if not is_current:
            if outcome == AttemptState.SUCCEEDED and payment.state != outcome:
                logger.error(
                    "order %s: attempt %s answered success after it was settled %s; "
                    "check TapPay and refund if charged twice",
                    order.number,
                    payment.pk,
                    payment.state,
                )
            return payment
        payment.rec_trade_id = rec_trade_id[:64] or payment.rec_trade_id
        if gateway_status is not None:
            payment.gateway_status = gateway_status
        payment.message = message[:255]
        if answered:
            payment.answered_at = timezone.now()
        else:
            payment.settled_at = timezone.now()
        if outcome == AWAITING_BUYER:
            payment.payment_url = payment_url[:1000]
            payment.save()
            logger.info(
                "order %s: attempt %s amount %s awaits the buyer at TapPay (%s)",
                order.number,
                payment.pk,
                payment.amount,
                payment.method,
            )
        elif outcome == AttemptState.SUCCEEDED:
            _payment_succeeded(order, payment)
        else:
            _payment_failed(order, payment)
    return payment


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
        # Failed for good (the payment is settled): the seats go back to sale.
        release_order_seats(order, reason="payment failed")


def _message_for(order: Order, payment: Payment) -> str:
    if order.status == OrderStatus.PAID:
        return MESSAGES["paid"]
    if payment.is_awaiting_buyer:
        return MESSAGES["redirect"]
    if payment.state == AttemptState.FAILED:
        return declined_message(payment.gateway_status)
    return MESSAGES["unknown"]


def settle_after() -> timedelta:
    """How old a `pending` attempt must be before the Record API is asked about it:
    older than the client's own timeout, so no call still in flight is judged."""
    return timedelta(seconds=float(settings.TAPPAY_TIMEOUT) + SETTLE_GRACE_SECONDS)


def redirect_window() -> timedelta:
    """How long a buyer sent to TapPay's page has to finish before the attempt fails."""
    return timedelta(minutes=float(settings.TAPPAY_REDIRECT_MINUTES))


def _stale_attempts(*, awaiting_buyer: bool = False) -> Q:
    """Open attempts the Record API may now settle: `pending` ones past settle_after(),
    `unknown` ones (their call is over) a grace period after the call ended, and with
    `awaiting_buyer` every attempt whose buyer TapPay sent to its page."""
    now = timezone.now()
    ready = Q(state=AttemptState.PENDING, requested_at__lte=now - settle_after()) | Q(
        state=AttemptState.UNKNOWN,
        answered_at__lte=now - timedelta(seconds=SETTLE_GRACE_SECONDS),
    )
    if awaiting_buyer:
        ready |= Q(state=AttemptState.PENDING) & ~Q(payment_url="")
    return ready


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


def outcome_of(payment: Payment, record: dict | None) -> tuple[str, str]:
    """What a trade record (None: TapPay has none) means for our attempt, and why.

    Paid is paid; waiting for the buyer stays open until the redirect window closes;
    anything else, or no record at all, means no money was taken.
    """
    if record is not None and tappay.record_is_paid(record):
        return AttemptState.SUCCEEDED, "Record API: paid"
    waiting = (
        tappay.record_is_waiting(record) if record is not None else payment.payment_url
    )
    status = (
        "no such transaction"
        if record is None
        else (f"record_status {record.get('record_status')}")
    )
    if waiting:
        if timezone.now() < payment.requested_at + redirect_window():
            return AWAITING_BUYER, f"Record API: {status}, waiting for the buyer"
        return AttemptState.FAILED, f"Record API: {status}, not completed in time"
    return AttemptState.FAILED, f"Record API: {status}"


def settle_from_record(*, payment: Payment, record: dict | None) -> Payment:
    """Settle an open attempt from its trade record (see outcome_of)."""
    outcome, message = outcome_of(payment, record)
    if outcome == AWAITING_BUYER:
        # Nothing to record yet: the buyer is still on TapPay's page.
        return payment
    return settle_payment(
        payment=payment,
        outcome=outcome,
        rec_trade_id=str((record or {}).get("rec_trade_id") or ""),
        gateway_status=0 if outcome == AttemptState.SUCCEEDED else None,
        message=message,
    )


def reconcile_payment(*, payment: Payment) -> Payment:
    """Settle an open attempt from TapPay's Record API: paid, failed, or still waiting."""
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
    return settle_from_record(payment=payment, record=record)


def refresh_order(*, order: Order, verify_redirects: bool = False) -> Order:
    """Settle the order's stale open attempts, so a member viewing it sees the outcome.

    With `verify_redirects`, attempts whose buyer went to TapPay's page are asked about
    whatever their age: the member is back, and TapPay advises asking the Record API
    before showing a result, since its notify may never arrive.
    """
    stale = list(
        order.payments.filter(_stale_attempts(awaiting_buyer=verify_redirects))
    )
    for payment in stale:
        reconcile_payment(payment=payment)
    # Another request (the notify, a second tab) may have settled it meanwhile, after
    # `order` was read: then what was read is stale too.
    if (
        stale
        or not Order.objects.filter(pk=order.pk, updated_at=order.updated_at).exists()
    ):
        order.refresh_from_db()
    return order
