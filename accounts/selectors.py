"""Member reads shaped for the API."""

from django.utils import timezone

from accounts.avatars import avatar_url
from accounts.models import User


def user_to_dict(user: User) -> dict:
    """`GET /api/user/auth` data: the contract's id, name, email plus phone and avatar."""
    return {
        "id": user.pk,
        "name": user.name,
        "email": user.email,
        "phone": user.phone,
        "avatar": avatar_url(user.avatar),
        "emailVerified": user.is_email_verified,
    }


def export_member_data(user: User) -> dict:
    """Everything kept about the member, for "Download my data" (GET /api/user/export)."""
    from bookings.models import Booking
    from orders.models import Order

    bookings = Booking.objects.filter(user=user).select_related("attraction")
    orders = Order.objects.filter(user=user).prefetch_related("items", "payments")
    return {
        "exportedAt": timezone.now().isoformat(),
        "profile": {
            **user_to_dict(user),
            "dateJoined": user.date_joined.isoformat(),
            "emailVerifiedAt": iso(user.email_verified_at),
            "lastLogin": iso(user.last_login),
        },
        "bookings": [
            {
                "id": booking.pk,
                "attraction": {
                    "id": booking.attraction_id,
                    "name": booking.attraction.name,
                },
                "date": booking.date.isoformat(),
                "time": booking.slot,
                "price": booking.price,
            }
            for booking in bookings
        ],
        "orders": [order_to_export(order) for order in orders],
    }


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
