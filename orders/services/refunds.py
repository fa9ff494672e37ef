"""Cancelling trips of paid orders and refunding them through TapPay's Refund API.

One path for everyone: a member cancelling one trip or all of them (`cancel_items`,
within the free-cancellation window) and staff refunding chosen trips, an amount or
what is left of an order (`refund_order`, any time) both go through `_refund_items`,
whose amount comes from `_plan` (the one refund rule; `plan_refund` shows staff what it
gives before they confirm), in the three steps paying uses: (1) a durable transaction locks the order, cancels the items, releases their
seats and records a `pending` refund of exactly their price; (2) TapPay is called
outside any transaction; (3) the answer is recorded. A refund whose answer was lost is
`unknown` and blocks another refund of the order until the Record API settles it, so
nothing is refunded twice and nothing is marked refunded that was not.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation

from accounts.models import User
from bookings.formats import timestamp_text
from bookings.pricing import cancellation_deadline
from orders import tappay
from orders.emails import (
    place_text,
    queue_cancellation_notice,
    queue_refund_notice,
)
from orders.forms import MESSAGES
from orders.models import AttemptState, Order, OrderItem, OrderStatus, Refund
from orders.services.seats import free_seats
from orders.services.states import OrderError, move_order

logger = logging.getLogger(__name__)

OPEN_STATES = (AttemptState.PENDING, AttemptState.UNKNOWN)


@dataclass(frozen=True)
class RefundPlan:
    """What a refund would give back: these trips (cancelled, seats released) and
    this amount, out of `refundable` left on the order."""

    items: list[OrderItem]
    amount: int
    refundable: int

    @property
    def left_after(self) -> int:
        return self.refundable - self.amount

    def matches(self, amount: int, refundable: int) -> bool:
        """Whether this is the refund staff confirmed: the same amount, and for an
        amount alone out of the same total left (see refund_order)."""
        return amount == self.amount and (self.items or refundable == self.refundable)


def refund_order(
    *,
    order: Order,
    requested_by: User | None = None,
    reason: str = "",
    item_ids: list[int] | None = None,
    amount: int | None = None,
    confirmed: tuple[int, int] | None = None,
) -> Refund:
    """Staff: give back these trips of a paid order (their price, or `amount` of it),
    or `amount` alone with no trip cancelled, or (neither) everything not refunded
    yet; once.

    `confirmed` is what staff were shown and agreed to, (amount, left on the order),
    from `plan_refund`: under the order's lock the refund goes ahead only if it still
    gives back that amount and, for an amount alone (which no trip makes
    once-only), out of that same total left. A resubmitted or outdated confirmation
    refunds nothing.
    """
    return _refund_items(
        order=order,
        item_ids=item_ids,
        amount=amount,
        requested_by=requested_by,
        reason=reason,
        by_member=False,
        confirmed=confirmed,
    )


def plan_refund(
    *, order: Order, item_ids: list[int] | None = None, amount: int | None = None
) -> RefundPlan:
    """Staff: what `refund_order` with these arguments would refund now, by the same
    rule (OrderError when it would refuse); nothing is changed or locked."""
    return _plan(order, item_ids, amount, by_member=False)


def refundable_items(order: Order) -> list[OrderItem]:
    """The trips staff may still refund: none of their money has come back, including
    a member's cancellation whose refund the gateway refused."""
    return [
        item
        for item in order.items.select_related("refund").order_by("pk")
        if item.refund is None or item.refund.state == AttemptState.FAILED
    ]


def refunded_amount(order: Order) -> int:
    """What has come back to the member so far (settled refunds only)."""
    return order.amount - _refundable_amount(order)


def refundable_amount(order: Order) -> int:
    """What staff may still refund: the paid order's money not come back yet."""
    return _refundable_amount(order) if order.status == OrderStatus.PAID else 0


def cancel_items(
    *,
    order: Order,
    member: User,
    item_ids: list[int] | None = None,
    language: str | None = None,
) -> Order:
    """A member cancels some trips of their paid order (all when `item_ids` is None)
    before the free-cancellation deadline: seats released, the price refunded. The
    order's mails follow `language` (the request's) from now on, unless it is
    refused."""
    refund = _refund_items(
        order=order,
        item_ids=item_ids,
        amount=None,
        requested_by=member,
        reason="會員自行取消 Cancelled by the member",
        by_member=True,
        language=language,
    )
    if refund.state != AttemptState.SUCCEEDED:
        # The refund notice confirms a settled refund; until then this says what
        # happened and that the money follows.
        transaction.on_commit(lambda: queue_cancellation_notice(refund=refund))
    return Order.objects.get(pk=order.pk)


def _refund_items(
    *,
    order: Order,
    item_ids: list[int] | None,
    amount: int | None,
    requested_by: User | None,
    reason: str,
    by_member: bool,
    confirmed: tuple[int, int] | None = None,
    language: str | None = None,
) -> Refund:
    refund = _start_refund(
        order, item_ids, amount, requested_by, reason, by_member, confirmed, language
    )
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


def _items_to_refund(
    order: Order, item_ids: list[int] | None, by_member: bool
) -> list[OrderItem]:
    items = list(order.items.select_related("refund").order_by("pk"))
    if item_ids is not None:
        wanted = set(item_ids)
        if not wanted <= {item.pk for item in items}:
            raise OrderError(MESSAGES["cancel_items"])
        items = [item for item in items if item.pk in wanted]
    if by_member:
        if any(item.cancelled_at is not None for item in items):
            raise OrderError(MESSAGES["already_cancelled"])
        now = timezone.now()
        for item in items:
            deadline = cancellation_deadline(item.date, item.slot)
            if now >= deadline:
                raise OrderError(
                    MESSAGES["cancel_deadline"].format(
                        name=place_text(item, "name", translation.get_language())[0],
                        deadline=timestamp_text(deadline),
                    )
                )
        return items
    open_to_refund = {item.pk for item in refundable_items(order)}
    if item_ids is None:
        return [item for item in items if item.pk in open_to_refund]
    for item in items:
        if item.pk not in open_to_refund:
            raise OrderError(
                MESSAGES["already_refunded"].format(
                    name=place_text(item, "name", translation.get_language())[0]
                )
            )
    return items


def _plan(
    order: Order, item_ids: list[int] | None, amount: int | None, by_member: bool
) -> RefundPlan:
    """The one refund rule: which trips a refund cancels and how much it gives back.

    Trips alone give back their price; with an amount, at most that price (staff
    keeping a fee); an amount alone (staff, `item_ids` None) cancels no trip and may
    not empty an order that still has trips on, since only cancelling them releases
    their seats. Never more than the order has left.
    """
    if order.status != OrderStatus.PAID:
        raise OrderError(MESSAGES["cancel_unpaid" if by_member else "not_refundable"])
    if order.refunds.filter(state__in=OPEN_STATES).exists():
        raise OrderError(MESSAGES["refund_in_progress"])
    refundable = _refundable_amount(order)
    if amount is not None and item_ids is None:
        on = [item for item in order.items.all() if item.cancelled_at is None]
        if not 1 <= amount <= refundable:
            raise OrderError(MESSAGES["refund_amount"].format(most=refundable))
        if on and amount >= refundable:
            raise OrderError(MESSAGES["refund_whole_by_trips"].format(left=refundable))
        return RefundPlan(items=[], amount=amount, refundable=refundable)
    items = _items_to_refund(order, item_ids, by_member)
    if not items:
        raise OrderError(
            MESSAGES["already_cancelled" if by_member else "not_refundable"]
        )
    most = min(sum(item.price for item in items), refundable)
    if most <= 0:
        # Staff gave the money back as an amount alone: nothing is left to refund.
        raise OrderError(MESSAGES["nothing_left"])
    if amount is not None and not 1 <= amount <= most:
        raise OrderError(MESSAGES["refund_amount"].format(most=most))
    return RefundPlan(
        items=items, amount=most if amount is None else amount, refundable=refundable
    )


def _start_refund(
    order: Order,
    item_ids: list[int] | None,
    amount: int | None,
    requested_by: User | None,
    reason: str,
    by_member: bool,
    confirmed: tuple[int, int] | None,
    language: str | None = None,
) -> Refund:
    with transaction.atomic(durable=True):
        order = Order.objects.select_for_update().get(pk=order.pk)
        plan = _plan(order, item_ids, amount, by_member)
        if confirmed is not None and not plan.matches(*confirmed):
            raise OrderError(MESSAGES["refund_changed"])
        if language and order.language != language:
            # Only once the refund goes ahead, before its mails are queued.
            order.language = language
            order.save(update_fields=["language"])
        items = plan.items
        payment = order.payments.filter(state=AttemptState.SUCCEEDED).latest(
            "requested_at", "pk"
        )
        refund = Refund.objects.create(
            order=order,
            payment=payment,
            amount=plan.amount,
            requested_by=requested_by,
            reason=reason,
        )
        now = timezone.now()
        for item in items:
            item.cancelled_at = item.cancelled_at or now
            item.refund = refund
            item.save(update_fields=["cancelled_at", "refund"])
        # The trips are off whatever the refund's outcome: their seats go back to sale.
        free_seats(items, reason="cancelled")
    logger.info(
        "order %s: refund %s of attempt %s started, amount %s, items %s, by user %s",
        order.number,
        refund.pk,
        payment.pk,
        refund.amount,
        [item.pk for item in items],
        getattr(requested_by, "pk", None),
    )
    return refund


def _refundable_amount(order: Order) -> int:
    """What the order was paid and has not had back yet (refunds still open count as
    back: only one is open at a time, and it blocks this check)."""
    refunded = order.refunds.filter(state=AttemptState.SUCCEEDED).aggregate(
        total=Sum("amount")
    )["total"]
    return order.amount - (refunded or 0)


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
        log = logger.info if is_refunded else logger.error
        log(
            "order %s: refund %s amount %s %s (status %s: %s)",
            order.number,
            refund.pk,
            refund.amount,
            refund.state,
            refund.gateway_status,
            refund.message,
        )
        if is_refunded:
            # Refunded once every trip's refund has come back (a fee staff kept
            # included): a trip still on (after staff refunded an amount alone, it may
            # outlast the money) stays on the roster with its order paid, and a trip
            # whose refund the gateway refused keeps the order open for another try.
            if not order.items.exclude(refund__state=AttemptState.SUCCEEDED).exists():
                move_order(order, OrderStatus.REFUNDED)
            queue_refund_notice(refund=refund)
    return refund


def open_refunds(*, older_than: timedelta) -> list[Refund]:
    """Refunds whose answer never came, requested before now - older_than."""
    return list(
        Refund.objects.filter(
            state__in=OPEN_STATES,
            requested_at__lte=timezone.now() - older_than,
        )
        .select_related("order", "payment")
        .order_by("requested_at", "pk")
    )


def is_refund_in_record(refund: Refund, record: dict | None) -> bool | None:
    """Whether the charge's trade record shows this refund's money given back.

    The record says how much of the charge has been refunded in all (`refund_amount`);
    this refund happened if that covers every refund already settled plus this one.
    Without that figure, only a fully refunded record (status 3) proves a refund that
    brings the total to the whole charge, and a partially refunded one (status 2) cannot
    tell: None, so the refund stays open for staff rather than being called failed and
    paid out twice.
    """
    if record is None:
        return False
    settled = (
        Refund.objects.filter(
            payment_id=refund.payment_id, state=AttemptState.SUCCEEDED
        )
        .exclude(pk=refund.pk)
        .aggregate(total=Sum("amount"))["total"]
        or 0
    )
    total = record.get("refund_amount")
    if isinstance(total, int) and not isinstance(total, bool):
        return total >= settled + refund.amount
    if record.get("record_status") == tappay.RECORD_PARTIALLY_REFUNDED:
        return None
    return (
        record.get("record_status") == tappay.RECORD_REFUNDED
        and settled + refund.amount >= refund.payment.amount
    )


def reconcile_refund(*, refund: Refund) -> Refund:
    """Settle an unanswered refund from the charge's trade record in the Record API."""
    if refund.state not in OPEN_STATES:
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
    is_refunded = is_refund_in_record(refund, record)
    if is_refunded is None:
        logger.warning(
            "refund %s: record_status %s without refund_amount; still %s, for staff",
            refund.pk,
            record_status,
            refund.state,
        )
        return refund
    return _settle_refund(
        refund,
        is_refunded=is_refunded,
        expected_state=refund.state,
        gateway_status=None,
        message=f"Record API: record_status {record_status}",
    )
