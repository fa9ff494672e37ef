"""What orders keeps of a member: anonymised on account deletion, in their data export."""

from django.dispatch import receiver

from accounts.signals import account_deleting, member_data_requested
from orders.models import Order

DELETED_NAME = "已刪除的會員"


@receiver(account_deleting)
def anonymise_orders(sender, *, user, **kwargs) -> None:
    """Orders stay for accounting (amounts, dates, trips); the contact data goes."""
    Order.objects.filter(user=user).update(
        contact_name=DELETED_NAME,
        contact_email=f"deleted-{user.pk}@deleted.invalid",
        contact_phone="",
    )


@receiver(member_data_requested)
def export_orders(sender, *, user, **kwargs) -> dict:
    orders = Order.objects.filter(user=user).prefetch_related("items", "payments")
    return {"orders": [order_to_export(order) for order in orders]}


def order_to_export(order) -> dict:
    return {
        "number": order.number,
        "status": order.status,
        "amount": order.amount,
        "contact": {
            "name": order.contact_name,
            "email": order.contact_email,
            "phone": order.contact_phone,
        },
        "createdAt": iso(order.created_at),
        "paidAt": iso(order.paid_at),
        "refundedAt": iso(order.refunded_at),
        "trips": [
            {
                "attraction": {
                    "id": item.attraction_snapshot_id,
                    "name": item.attraction_name,
                },
                "address": item.attraction_address,
                "date": item.date.isoformat(),
                "time": item.slot,
                "price": item.price,
            }
            for item in order.items.all()
        ],
        "payments": [
            {
                "amount": payment.amount,
                "state": payment.state,
                "requestedAt": iso(payment.requested_at),
            }
            for payment in order.payments.all()
        ],
    }


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None
