"""The receipt e-mail, queued in the transaction that marks an order paid."""

from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone

from mail.models import Email
from mail.services import queue_mail
from orders.models import Order

# What each slot means on the day (the booking page says the same).
SLOT_HOURS = {"morning": "早上 9 點到下午 2 點", "afternoon": "下午 2 點到晚上 9 點"}


def order_url(order: Order) -> str:
    return f"{settings.SITE_URL}/thankyou?{urlencode({'number': order.number})}"


def queue_receipt(*, order: Order) -> Email:
    """Queue the receipt once per order; a worker sends it after the payment commits."""
    items = [
        {
            "date": item.date,
            "slot": item.get_slot_display(),
            "hours": SLOT_HOURS.get(item.slot, ""),
            "name": item.attraction_name,
            "address": item.attraction_address,
            "price": item.price,
        }
        for item in order.items.order_by("date", "slot", "pk")
    ]
    return queue_mail(
        to=order.contact_email,
        template="receipt",
        key=f"receipt:{order.number}",
        context={
            "order": order,
            "items": items,
            "paid_at": timezone.localtime(order.paid_at) if order.paid_at else None,
            "order_url": order_url(order),
        },
    )
