"""Checkout: cart items become one order (once, however often it is submitted)."""

import logging

from django.conf import settings
from django.db import transaction

from accounts.models import User
from attractions.models import Attraction
from bookings.models import Booking
from bookings.pricing import today_in_taipei
from bookings.selectors import trip_attraction
from orders.forms import MESSAGES
from orders.models import Order, OrderItem, OrderStatus, PaymentMethod
from orders.services.payments import pay_order, refuse_past_cutoff
from orders.services.seats import hold_seats
from orders.services.states import OrderError, PaymentInProgressError, PaymentResult
from taipei_trip.translated import localized, translated_language

logger = logging.getLogger(__name__)


def _current_orders(*, user: User, booking_ids: list[int]) -> dict[int, set[int]]:
    """The newest order holding each of these cart items, with all the items it holds.

    Only the newest order of a cart item may be paid: an older failed one it was
    ordered again from is superseded (see payments._start_payment).
    """
    newest: dict[int, int] = {}
    for order_id, booking_id in OrderItem.objects.filter(
        order__user=user, source_booking_id__in=booking_ids
    ).values_list("order_id", "source_booking_id"):
        newest[booking_id] = max(order_id, newest.get(booking_id, 0))
    held: dict[int, set[int]] = {order_id: set() for order_id in newest.values()}
    for order_id, booking_id in OrderItem.objects.filter(order_id__in=held).values_list(
        "order_id", "source_booking_id"
    ):
        held[order_id].add(booking_id)
    return held


def _order_to_reuse(
    current: dict[int, set[int]], booking_ids: list[int], locked: dict[int, Order]
) -> Order | None:
    """The order these exact items already became; None when a new one may be made.

    A new order may take items from older orders only when those failed and are locked
    here, so nobody can be paying them meanwhile; any other overlap could charge twice
    for one trip and is refused.
    """
    if len(current) == 1:
        ((order_id, held),) = current.items()
        if held == set(booking_ids):
            return locked.get(order_id) or Order.objects.get(pk=order_id)
    for order_id in sorted(current):
        order = locked.get(order_id)
        if order is None or order.status != OrderStatus.FAILED:
            number = (order or Order.objects.get(pk=order_id)).number
            raise OrderError(MESSAGES["bookings_held"].format(number=number))
    return None


def place_order(
    *,
    user: User,
    booking_ids: list[int],
    contact: dict,
    price: int,
    language: str | None = None,
) -> Order:
    """Turn cart items into an order, or find the order they already became."""
    ids = sorted(set(booking_ids))
    with transaction.atomic():
        # Locks in the order step 3 of paying takes them (orders, then bookings), so
        # two requests never wait on each other in a circle.
        current = _current_orders(user=user, booking_ids=ids)
        locked = Order.objects.select_for_update().order_by("pk").in_bulk(current)
        # The bookings' lock makes a concurrent checkout of the same items wait here
        # until this one commits; it then finds the order made below.
        bookings = list(
            Booking.objects.select_for_update()
            .filter(user=user, pk__in=ids)
            .order_by("pk")
        )
        now_current = _current_orders(user=user, booking_ids=ids)
        if now_current != current:
            # Another checkout of these items committed while this one waited; its
            # order is not locked here, so it can be reused but never superseded.
            current, locked = now_current, {}
        existing = _order_to_reuse(current, ids, locked)
        if existing is not None:
            if existing.amount != price:
                raise OrderError(MESSAGES["price"])
            return existing
        if len(bookings) != len(ids):
            raise OrderError(MESSAGES["bookings_missing"])
        if any(booking.date < today_in_taipei() for booking in bookings):
            raise OrderError(MESSAGES["trip_past"])
        refuse_past_cutoff(bookings)
        _refuse_unpublished(bookings)
        if price != sum(booking.price for booking in bookings):
            raise OrderError(MESSAGES["price"])
        order = Order(
            user=user,
            amount=price,
            contact_name=contact["name"],
            contact_email=contact["email"],
            contact_phone=contact["phone"],
            language=language or settings.LANGUAGE_CODE,
        )
        order.full_clean()
        order.save()
        OrderItem.objects.bulk_create(_items_for(order, bookings))
        # Seats are the order's from now on; none left means no order and no charge.
        hold_seats(order)
    logger.info(
        "order %s placed by user %s: %s trips, amount %s",
        order.number,
        user.pk,
        len(bookings),
        order.amount,
    )
    return order


def _refuse_unpublished(bookings: list[Booking]) -> None:
    """A new order may not take a trip to a place no longer offered; orders already
    placed keep working (they are found before this check)."""
    ids = {booking.attraction_id for booking in bookings}
    offered = set(
        Attraction.objects.published().filter(pk__in=ids).values_list("pk", flat=True)
    )
    withdrawn = sorted(ids - offered)
    if withdrawn:
        withdrawn_place = Attraction.objects.get(pk=withdrawn[0])
        name, _ = localized(withdrawn_place, "name", translated_language())
        raise OrderError(MESSAGES["not_offered"].format(name=name))


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
                participants=booking.participants,
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
    method: str = PaymentMethod.CARD,
    booking_ids: list[int] | None = None,
    trip: dict | None = None,
    language: str | None = None,
) -> PaymentResult:
    """Place the order for these cart items (or the contract's single trip) and pay it;
    `language` (the request's) is the one its e-mails are written in."""
    if booking_ids is None:
        booking_ids = [_booking_for_trip(user=user, trip=trip or {})]
    order = place_order(
        user=user,
        booking_ids=booking_ids,
        contact=contact,
        price=price,
        language=language,
    )
    if order.status == OrderStatus.PAID:
        return PaymentResult(order, None, MESSAGES["already_paid"])
    if order.status == OrderStatus.REFUNDED:
        raise OrderError(MESSAGES["refunded"])
    try:
        return pay_order(order=order, prime=prime, method=method, language=language)
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
