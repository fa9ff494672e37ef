"""The order e-mails: the receipt, queued in the transaction that marks an order paid,
the refund notice, queued in the one that records a refund, and the reminder the day before a trip, queued by a scheduled task."""

from datetime import date, timedelta
from itertools import groupby
from urllib.parse import quote

from django.conf import settings
from django.utils import timezone

from bookings.pricing import (
    cancellation_deadline,
    policy_text,
    slot_times,
    today_in_taipei,
)
from mail.models import Email
from mail.services import queue_mail
from orders.models import Order, OrderItem, OrderStatus, Refund


def order_url(order: Order) -> str:
    """The order page (/order/<number>): trips, payments, refunds and what can be done."""
    return f"{settings.SITE_URL}/order/{quote(order.number)}"


def item_to_dict(item: OrderItem) -> dict:
    return {
        "date": item.date,
        "slot": item.get_slot_display(),
        # The slot's hours as the booking page writes them: 09:00–14:00.
        "hours": "–".join(slot_times(item.slot)),
        "name": item.attraction_name,
        "address": item.attraction_address,
        "price": item.price,
        "participants": item.participants,
        "cancellable_until": timezone.localtime(
            cancellation_deadline(item.date, item.slot)
        ),
    }


def trips_of(order: Order) -> list[dict]:
    """The order's trips in date and slot order, as the mail templates show them."""
    return [item_to_dict(item) for item in order.items.order_by("date", "slot", "pk")]


def queue_receipt(*, order: Order) -> Email:
    """Queue the receipt once per order; a worker sends it after the payment commits."""
    return queue_mail(
        to=order.contact_email,
        template="receipt",
        key=f"receipt:{order.number}",
        context={
            "order": order,
            "items": trips_of(order),
            "paid_at": timezone.localtime(order.paid_at) if order.paid_at else None,
            "order_url": order_url(order),
            "policy": policy_text(),
        },
    )


def refunded_trips(refund: Refund) -> list[dict]:
    """The trips a refund gives back: none for staff's refund of an amount alone, all
    of the order's for a whole-order refund made before refunds named their trips."""
    items = list(refund.items.order_by("date", "slot", "pk"))
    if items or refund.amount < refund.order.amount:
        return [item_to_dict(item) for item in items]
    return trips_of(refund.order)


def queue_refund_notice(*, refund: Refund) -> Email:
    """Tell the member their money is on its way back, once per refund: for a member's
    own cancellation, this is its confirmation."""
    order = refund.order
    return queue_mail(
        to=order.contact_email,
        template="refund",
        key=f"refund:{refund.pk}",
        context={
            "order": order,
            "refund": refund,
            "items": refunded_trips(refund),
            "order_url": order_url(order),
        },
    )


def queue_cancellation_notice(*, refund: Refund) -> Email:
    """Confirm a member's cancellation whose refund has no final answer yet; the refund
    notice follows once it settles."""
    order = refund.order
    return queue_mail(
        to=order.contact_email,
        template="cancellation",
        key=f"cancellation:{refund.pk}",
        context={
            "order": order,
            "refund": refund,
            "items": refunded_trips(refund),
            "order_url": order_url(order),
        },
    )


def queue_trip_reminders(*, day: date | None = None) -> int:
    """Queue one reminder per paid order with trips on `day` (default: tomorrow in
    Taipei). Safe to run any number of times: each order and day is mailed once.
    Returns how many orders have their reminder queued (now or earlier)."""
    day = day or today_in_taipei() + timedelta(days=1)
    items = (
        OrderItem.objects.filter(order__status=OrderStatus.PAID, date=day)
        .select_related("order")
        .order_by("order_id", "slot", "pk")
    )
    orders = 0
    for order, trips in groupby(items, key=lambda item: item.order):
        queue_mail(
            to=order.contact_email,
            template="trip_reminder",
            key=f"reminder:{order.number}:{day.isoformat()}",
            context={
                "order": order,
                "day": day,
                "items": [item_to_dict(item) for item in trips],
                "order_url": order_url(order),
            },
        )
        orders += 1
    return orders
