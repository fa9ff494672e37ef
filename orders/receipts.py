"""The receipt e-mail sent once an order is paid (console backend unless SMTP is set)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from orders.models import Order

logger = logging.getLogger(__name__)


def receipt_text(order: Order) -> str:
    lines = [
        f"{order.contact_name} 您好：",
        "",
        f"感謝您的訂購，訂單 {order.number} 已付款完成。",
        "",
    ]
    for item in order.items.all():
        lines.append(
            f"・{item.date.isoformat()} {item.get_slot_display()}　"
            f"{item.attraction_name}　新臺幣 {item.price:,} 元"
        )
        if item.attraction_address:
            lines.append(f"　地址：{item.attraction_address}")
    paid_at = timezone.localtime(order.paid_at) if order.paid_at else None
    lines += [
        "",
        f"總金額：新臺幣 {order.amount:,} 元",
        f"付款時間：{paid_at:%Y-%m-%d %H:%M}" if paid_at else "",
        "",
        "台北一日遊",
    ]
    return "\n".join(lines)


def send_receipt(*, order_id: int) -> None:
    """Mail the receipt; a mail failure is logged, never undoes a payment."""
    order = Order.objects.prefetch_related("items").get(pk=order_id)
    try:
        send_mail(
            subject=f"台北一日遊訂單 {order.number} 付款完成",
            message=receipt_text(order),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[order.contact_email],
        )
    except Exception:
        logger.exception("order %s: receipt e-mail failed", order.number)
        return
    logger.info("order %s: receipt sent to the contact address", order.number)
