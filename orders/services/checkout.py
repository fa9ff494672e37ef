"""Checkout: cart items become one order (once, however often it is submitted)."""

import logging

from django.db import transaction

from accounts.models import User
from attractions.models import Attraction
from bookings.models import Booking
from bookings.pricing import today_in_taipei
from bookings.selectors import trip_attraction
from orders.forms import MESSAGES
from orders.models import Order, OrderItem, OrderStatus
from orders.services.payments import pay_order
from orders.services.states import OrderError, PaymentInProgressError, PaymentResult

logger = logging.getLogger(__name__)


def _order_holding(*, user: User, booking_ids: list[int]) -> Order | None:
    """The order already made from exactly these cart items (a repeated checkout)."""
    order_ids = set(
        OrderItem.objects.filter(
            order__user=user, source_booking_id__in=booking_ids
        ).values_list("order_id", flat=True)
    )
    if not order_ids:
        return None
    orders = list(Order.objects.filter(pk__in=order_ids).order_by("-created_at"))
    if len(orders) == 1:
        held = set(orders[0].items.values_list("source_booking_id", flat=True))
        if held == set(booking_ids):
            return orders[0]
    # Part of the cart already belongs to another order: ordering it again could
    # charge twice for one trip.
    raise OrderError(MESSAGES["bookings_held"].format(number=orders[0].number))


def place_order(
    *, user: User, booking_ids: list[int], contact: dict, price: int
) -> Order:
    """Turn cart items into an order, or find the order they already became."""
    ids = sorted(set(booking_ids))
    with transaction.atomic():
        # The lock makes a concurrent checkout of the same items wait here until this
        # one commits; it then finds the order made below instead of making another.
        bookings = list(
            Booking.objects.select_for_update()
            .filter(user=user, pk__in=ids)
            .order_by("pk")
        )
        existing = _order_holding(user=user, booking_ids=ids)
        if existing is not None:
            if existing.amount != price:
                raise OrderError(MESSAGES["price"])
            return existing
        if len(bookings) != len(ids):
            raise OrderError(MESSAGES["bookings_missing"])
        if any(booking.date < today_in_taipei() for booking in bookings):
            raise OrderError(MESSAGES["trip_past"])
        if price != sum(booking.price for booking in bookings):
            raise OrderError(MESSAGES["price"])
        order = Order(
            user=user,
            amount=price,
            contact_name=contact["name"],
            contact_email=contact["email"],
            contact_phone=contact["phone"],
        )
        order.full_clean()
        order.save()
        OrderItem.objects.bulk_create(_items_for(order, bookings))
    logger.info(
        "order %s placed by user %s: %s trips, amount %s",
        order.number,
        user.pk,
        len(bookings),
        order.amount,
    )
    return order


def _items_for(order: Order, bookings: list[Booking]) -> list[OrderItem]:
    attractions = {
        attraction.pk: attraction
        for attraction in Attraction.objects.filter(
            pk__in={booking.attraction_id for booking in bookings}
        ).prefetch_related("images")
    }
    items = []
    for booking in bookings:
        shown = trip_attraction(attractions[booking.attraction_id])
        items.append(
            OrderItem(
                order=order,
                attraction_id=booking.attraction_id,
                attraction_snapshot_id=shown["id"],
                attraction_name=shown["name"],
                attraction_address=shown["address"],
                attraction_image=shown["image"] or "",
                date=booking.date,
                slot=booking.slot,
                price=booking.price,
                source_booking_id=booking.pk,
            )
        )
    return items


def checkout(
    *,
    user: User,
    prime: str,
    price: int,
    contact: dict,
    booking_ids: list[int] | None = None,
    trip: dict | None = None,
) -> PaymentResult:
    """Place the order for these cart items (or the contract's single trip) and pay it."""
    if booking_ids is None:
        booking_ids = [_booking_for_trip(user=user, trip=trip or {})]
    order = place_order(
        user=user, booking_ids=booking_ids, contact=contact, price=price
    )
    if order.status == OrderStatus.PAID:
        return PaymentResult(order, None, MESSAGES["already_paid"])
    if order.status == OrderStatus.REFUNDED:
        raise OrderError(MESSAGES["refunded"])
    try:
        return pay_order(order=order, prime=prime)
    except PaymentInProgressError:
        # A double-clicked checkout: the other request is paying this very order.
        order.refresh_from_db()
        return PaymentResult(order, None, MESSAGES["in_progress"])
    except OrderError:
        # ...or it has just finished paying it.
        order.refresh_from_db()
        if order.status == OrderStatus.PAID:
            return PaymentResult(order, None, MESSAGES["already_paid"])
        raise


def _booking_for_trip(*, user: User, trip: dict) -> int:
    booking = Booking.objects.filter(
        user=user,
        attraction_id=trip.get("attraction_id"),
        date=trip.get("date"),
        slot=trip.get("time"),
    ).first()
    if booking is None:
        raise OrderError(MESSAGES["bookings_missing"])
    return booking.pk
