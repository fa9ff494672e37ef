"""Order reads, shaped as the API contract's order objects."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from accounts.models import User
from bookings.formats import date_text
from bookings.pricing import (
    SLOT_LABELS,
    cutoff_text,
    is_cancellable,
    is_past_cutoff,
    policy_text,
    today_in_taipei,
)
from bookings.selectors import trip_times
from orders.emails import place_text
from orders.forms import MESSAGES
from orders.models import AttemptState, Order, OrderItem, OrderStatus
from taipei_trip.paging import page_bounds, page_of
from taipei_trip.translated import translated_language

PAYABLE_STATUSES = (OrderStatus.PENDING, OrderStatus.FAILED)


def superseded() -> Exists:
    """Whether a newer order of the same member took any of this order's cart items."""
    own_bookings = (
        OrderItem.objects.filter(order_id=OuterRef(OuterRef("pk")))
        .exclude(source_booking_id=None)
        .values("source_booking_id")
    )
    return Exists(
        OrderItem.objects.filter(
            order__user_id=OuterRef("user_id"),
            order_id__gt=OuterRef("pk"),
            source_booking_id__in=own_bookings,
        )
    )


def orders_with_relations() -> QuerySet[Order]:
    """Orders with their items (and each item's refund) and attempts, in one query
    each whatever the count; in English or Japanese also each item's attraction (in
    the items' query), whose translations name the place."""
    related = ("refund", "attraction") if translated_language() else ("refund",)
    return Order.objects.annotate(is_superseded=superseded()).prefetch_related(
        Prefetch(
            "items", queryset=OrderItem.objects.select_related(*related).order_by("id")
        ),
        "payments",
        "refunds",
    )


def payment_refusal(order: Order) -> str | None:
    """Why the order cannot be paid now (the member's message), or None if it can.

    The one rule for the contract's `payable` and for pay_order: unpaid, not replaced
    by a newer order, and no trip in the past. `order` comes from orders_with_relations()
    (its `is_superseded` and items). An attempt still open is pay_order's own check.
    """
    if order.status not in PAYABLE_STATUSES:
        if order.status == OrderStatus.PAID:
            return MESSAGES["already_paid"]
        return MESSAGES["not_payable"]
    if order.is_superseded:
        return MESSAGES["superseded"]
    today = today_in_taipei()
    if any(item.date < today for item in order.items.all()):
        # Nobody can take a trip in the past: paying for it would only mean a refund.
        return MESSAGES["trip_past"]
    if all(item.cancelled_at is not None for item in order.items.all()):
        return MESSAGES["not_payable"]
    for item in order.items.all():
        if is_past_cutoff(item.date, item.slot):
            return cutoff_message(item.date, item.slot)
    return None


def cutoff_message(day, slot: str) -> str:
    """What a member reads when a slot is past its booking and payment cut-off."""
    return MESSAGES["cutoff"].format(
        date=date_text(day), slot=SLOT_LABELS[slot], cutoff=cutoff_text()
    )


def contract_status(order: Order) -> int:
    """The contract's order and payment `status`, mirroring TapPay's: 0 paid, 1 not."""
    return 0 if order.status == OrderStatus.PAID else 1


def order_for(*, user: User, number: str) -> Order | None:
    """The member's own order with this number; another member's is None."""
    if not number or len(number) > 50:
        return None
    return orders_with_relations().filter(user=user, number=number.upper()).first()


def orders_page(*, user: User, page: int) -> tuple[list[Order], int | None]:
    """One page of the member's orders, newest first, and the next page number."""
    start, stop = page_bounds(page)
    rows = list(
        orders_with_relations()
        .filter(user=user)
        .order_by("-created_at", "-id")[start:stop]
    )
    return page_of(rows, page)


def trip_attraction(item: OrderItem, language: str | None) -> dict:
    """A trip's attraction object: the order's snapshot; in English or Japanese the
    place's name and address in that language, else the snapshot, named in
    `untranslated` (the e-mails' rule, orders.emails.place_text)."""
    data = {
        "id": item.attraction_snapshot_id,
        "name": item.attraction_name,
        "address": item.attraction_address,
        "image": item.attraction_image or None,
    }
    if language is None:
        return data
    untranslated = []
    for field in ("name", "address"):
        data[field], fell_back = place_text(item, field, language)
        if fell_back and data[field]:
            untranslated.append(field)
    return {**data, "untranslated": untranslated}


def item_to_dict(item: OrderItem, language: str | None = None) -> dict:
    trip = {
        "id": item.pk,
        "attraction": trip_attraction(item, language),
        "date": item.date.isoformat(),
        "time": item.slot,
        "price": item.price,
        "participants": item.participants,
        "unitPrice": item.price // item.participants,
        "state": item_state(item),
        "cancellable": is_cancellable_now(item),
    }
    return trip_times(trip)


def item_state(item: OrderItem) -> str:
    """One trip's state: the order's (paid, pending, failed, refunded) while it is
    live; once cancelled, `refunded` when its refund went through, else `cancelled`
    (the refund is pending, unknown or was refused)."""
    if item.cancelled_at is None:
        return item.order.status
    if item.refund is not None and item.refund.state == AttemptState.SUCCEEDED:
        return "refunded"
    return "cancelled"


def is_cancellable_now(item: OrderItem) -> bool:
    """Whether the member may cancel this trip themselves now (for a full refund)."""
    return (
        item.order.status == OrderStatus.PAID
        and item.cancelled_at is None
        and is_cancellable(item.date, item.slot)
    )


def attempt_to_dict(attempt) -> dict:
    return {
        "amount": attempt.amount,
        "state": attempt.state,
        "requestedAt": timezone.localtime(attempt.requested_at).isoformat(),
        "answeredAt": (
            timezone.localtime(attempt.answered_at).isoformat()
            if attempt.answered_at
            else None
        ),
    }


def payment_method(order: Order) -> str | None:
    """How the order was paid (its successful attempt), else how it was last tried."""
    attempts = list(order.payments.all())
    paid = [attempt for attempt in attempts if attempt.state == AttemptState.SUCCEEDED]
    chosen = (paid or attempts)[-1:]
    return chosen[0].method if chosen else None


def order_to_dict(order: Order) -> dict:
    """The contract's order object, its places in the active language (the API's
    `lang`; orders_with_relations() read their attractions for it)."""
    language = translated_language()
    trips = [item_to_dict(item, language) for item in order.items.all()]
    return {
        "number": order.number,
        "price": order.amount,
        "trip": trips[0] if trips else None,
        "trips": trips,
        "contact": {
            "name": order.contact_name,
            "email": order.contact_email,
            "phone": order.contact_phone,
        },
        "status": contract_status(order),
        "state": order.status,
        "payable": payment_refusal(order) is None,
        "paymentMethod": payment_method(order),
        "createdAt": timezone.localtime(order.created_at).isoformat(),
        "cancellable": any(trip["cancellable"] for trip in trips),
        "cancellationPolicy": policy_text(),
        "payments": [
            {**attempt_to_dict(payment), "method": payment.method}
            for payment in order.payments.all()
        ],
        "refunds": [attempt_to_dict(refund) for refund in order.refunds.all()],
    }
