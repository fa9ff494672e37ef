"""The order e-mails: the receipt, queued in the transaction that marks an order paid,
the refund notice, queued in the one that records a refund, and the reminder the day before a trip, queued by a scheduled task."""

from datetime import date, timedelta
from itertools import groupby
from urllib.parse import quote

from django.utils import timezone
from django.utils.functional import lazy

from bookings.formats import slot_hours
from bookings.pricing import (
    SLOT_LABELS,
    cancellation_deadline,
    policy_text,
    today_in_taipei,
)
from mail.models import Email
from mail.services import queue_mail, site_url_in
from orders.models import Order, OrderItem, OrderStatus, Refund
from taipei_trip.translated import localized, translated_language

# Texts that depend on the language are rendered inside the mail's language, not
# where the context is built (mail.services.render_mail activates it).
lazy_slot_hours = lazy(slot_hours, str)
lazy_policy_text = lazy(policy_text, str)


def order_url(order: Order) -> str:
    """The order page (/order/<number>) in the order's language: trips, payments,
    refunds and what can be done."""
    return f"{site_url_in(order.language)}/order/{quote(order.number)}"


def place_text(item: OrderItem, field: str, language: str) -> tuple[str, bool]:
    """The trip's attraction name or address in the mail's language, and whether it
    is the 繁體中文 snapshot instead (no translation, or the place is gone), which the
    HTML marks lang="zh-Hant"."""
    snapshot = getattr(item, f"attraction_{field}")
    wanted = translated_language(language)
    if wanted is None:
        return snapshot, False
    if item.attraction is None:
        return snapshot, True
    text, fell_back = localized(item.attraction, field, wanted)
    return (snapshot, True) if fell_back else (text, False)


def item_to_dict(item: OrderItem) -> dict:
    language = item.order.language
    name, name_untranslated = place_text(item, "name", language)
    address, address_untranslated = place_text(item, "address", language)
    return {
        "date": item.date,
        "slot": SLOT_LABELS[item.slot],  # lazy: get_slot_display() is 繁體中文 here
        # The slot's hours as the booking page writes them: 09:00–14:00.
        "hours": lazy_slot_hours(item.slot),
        "name": name,
        "name_untranslated": name_untranslated,
        "address": address,
        "address_untranslated": address_untranslated,
        "price": item.price,
        "participants": item.participants,
        "cancellable_until": timezone.localtime(
            cancellation_deadline(item.date, item.slot)
        ),
    }


def trips_of(order: Order) -> list[dict]:
    """The order's trips in date and slot order, as the mail templates show them."""
    items = order.items.select_related("attraction").order_by("date", "slot", "pk")
    return [item_to_dict(item) for item in items]


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
            "policy": lazy_policy_text(),
        },
        language=order.language,
    )


def refunded_trips(refund: Refund) -> list[dict]:
    """The trips a refund gives back: none for staff's refund of an amount alone, all
    of the order's for a whole-order refund made before refunds named their trips."""
    items = list(
        refund.items.select_related("order", "attraction").order_by(
            "date", "slot", "pk"
        )
    )
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
        language=order.language,
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
        language=order.language,
    )


def queue_trip_reminders(*, day: date | None = None) -> int:
    """Queue one reminder per paid order with trips on `day` (default: tomorrow in
    Taipei). Safe to run any number of times: each order and day is mailed once.
    Returns how many orders have their reminder queued (now or earlier)."""
    day = day or today_in_taipei() + timedelta(days=1)
    items = (
        OrderItem.objects.filter(order__status=OrderStatus.PAID, date=day)
        .select_related("order", "attraction")
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
            language=order.language,
        )
        orders += 1
    return orders
