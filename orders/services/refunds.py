"""Refunds of paid orders through TapPay's Refund API."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from orders import tappay
from orders.emails import queue_refund_notice
from orders.forms import MESSAGES
from orders.models import AttemptState, Order, OrderStatus, Refund
from orders.services.states import OrderError, move_order

logger = logging.getLogger(__name__)


def refund_order(
    *, order: Order, requested_by: User | None = None, reason: str = ""
) -> Refund:
    """Give a paid order's whole amount back through TapPay's Refund API, once."""
    refund = _start_refund(order, requested_by, reason)
    try:
        response = tappay.refund(
            rec_trade_id=refund.payment.rec_trade_id, amount=refund.amount
        )
    except tappay.GatewayError as exc:
        Refund.objects.filter(pk=refund.pk, state=AttemptState.PENDING).update(
            state=AttemptState.UNKNOWN,
            message=str(exc)[:255],
            answered_at=timezone.now(),
        )
        logger.warning(
            "order %s: refund %s amount %s outcome unknown (%s)",
            order.number,
            refund.pk,
            refund.amount,
            type(exc).__name__,
        )
        refund.refresh_from_db()
        return refund
    return _record_refund(refund, response)


def _start_refund(order: Order, requested_by: User | None, reason: str) -> Refund:
    with transaction.atomic(durable=True):
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.PAID:
            raise OrderError(MESSAGES["not_refundable"])
        if order.refunds.filter(
            state__in=[AttemptState.PENDING, AttemptState.UNKNOWN]
        ).exists():
            raise OrderError(MESSAGES["refund_in_progress"])
        payment = order.payments.filter(state=AttemptState.SUCCEEDED).latest(
            "requested_at", "pk"
        )
        refund = Refund.objects.create(
            order=order,
            payment=payment,
            amount=order.amount,
            requested_by=requested_by,
            reason=reason,
        )
    logger.info(
        "order %s: refund %s of attempt %s started, amount %s, by user %s",
        order.number,
        refund.pk,
        payment.pk,
        refund.amount,
        getattr(requested_by, "pk", None),
    )
    return refund


def _record_refund(refund: Refund, response: tappay.GatewayResponse) -> Refund:
    return _settle_refund(
        refund,
        is_refunded=response.is_success,
        expected_state=AttemptState.PENDING,
        gateway_status=response.status,
        message=response.message,
        refund_id=str(response.data.get("refund_id", "")),
    )


def _settle_refund(
    refund: Refund,
    *,
    is_refunded: bool,
    expected_state: str,
    gateway_status: int | None,
    message: str,
    refund_id: str = "",
) -> Refund:
    """Record a refund's outcome, if it is still in the state the caller saw."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=refund.order_id)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.state != expected_state:
            return refund
        refund.gateway_status = gateway_status
        refund.message = message[:255]
        refund.refund_id = refund_id[:64] or refund.refund_id
        refund.answered_at = refund.answered_at or timezone.now()
        refund.state = AttemptState.SUCCEEDED if is_refunded else AttemptState.FAILED
        refund.save()
        logger.info(
            "order %s: refund %s amount %s %s (status %s: %s)",
            order.number,
            refund.pk,
            refund.amount,
            refund.state,
            refund.gateway_status,
            refund.message,
        )
        if is_refunded:
            move_order(order, OrderStatus.REFUNDED)
            queue_refund_notice(refund=refund)
    return refund


def open_refunds(*, older_than: timedelta) -> list[Refund]:
    """Refunds whose answer never came, requested before now - older_than."""
    return list(
        Refund.objects.filter(
            state__in=[AttemptState.PENDING, AttemptState.UNKNOWN],
            requested_at__lte=timezone.now() - older_than,
        )
        .select_related("order", "payment")
        .order_by("requested_at", "pk")
    )


def reconcile_refund(*, refund: Refund) -> Refund:
    """Settle an unanswered refund from the charge's record_status in the Record API."""
    if refund.state not in (AttemptState.PENDING, AttemptState.UNKNOWN):
        return refund
    try:
        record = tappay.query_transaction(
            bank_transaction_id=refund.payment.bank_transaction_id
        )
    except tappay.GatewayError as exc:
        logger.warning(
            "refund %s: Record API unavailable (%s); still %s",
            refund.pk,
            type(exc).__name__,
            refund.state,
        )
        return refund
    record_status = None if record is None else record.get("record_status")
    return _settle_refund(
        refund,
        # Only full refunds are made, so only a fully refunded record settles one.
        is_refunded=record_status == tappay.RECORD_REFUNDED,
        expected_state=refund.state,
        gateway_status=None,
        message=f"Record API: record_status {record_status}",
    )
