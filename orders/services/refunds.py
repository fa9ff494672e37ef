"""Refunds of paid orders through TapPay's Refund API."""

import logging

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from orders import tappay
from orders.forms import MESSAGES
from orders.models import AttemptState, Order, OrderStatus, Refund
from orders.services.states import OrderError, move_order

logger = logging.getLogger(__name__)


def refund_order(*, order: Order, requested_by: User | None = None) -> Refund:
    """Give a paid order's whole amount back through TapPay's Refund API."""
    refund = _start_refund(order, requested_by)
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


def _start_refund(order: Order, requested_by: User | None) -> Refund:
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
        )
    logger.info(
        "order %s: refund %s of attempt %s started, amount %s",
        order.number,
        refund.pk,
        payment.pk,
        refund.amount,
    )
    return refund


def _record_refund(refund: Refund, response: tappay.GatewayResponse) -> Refund:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=refund.order_id)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.state != AttemptState.PENDING:
            return refund
        refund.gateway_status = response.status
        refund.message = response.message[:255]
        refund.refund_id = str(response.data.get("refund_id", ""))[:64]
        refund.answered_at = timezone.now()
        refund.state = (
            AttemptState.SUCCEEDED if response.status == 0 else AttemptState.FAILED
        )
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
        if refund.state == AttemptState.SUCCEEDED:
            move_order(order, OrderStatus.REFUNDED)
    return refund
