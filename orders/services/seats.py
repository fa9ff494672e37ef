"""An order's seats: taken when it is placed (or paid again after a failure), released
when its payment fails for good, when it is cancelled, or when it stays unpaid past
settings.TRIP_SEAT_HOLD_MINUTES with no payment in flight. The counting itself is
bookings/seats.py's; this module decides when an order holds seats."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from bookings.seats import release_seats, take_seats
from orders.models import AttemptState, Order, OrderItem, OrderStatus

logger = logging.getLogger(__name__)


def _by_departure(items: list[OrderItem]) -> list[OrderItem]:
    # One order takes its departures' row locks in one fixed order, so two orders
    # sharing departures never wait on each other in a circle.
    return sorted(items, key=lambda item: (item.attraction_id, item.date, item.slot))


def hold_seats(order: Order) -> None:
    """Take seats for every live item of a locked order that holds none (SeatsError
    when one does not fit; the caller's transaction then takes none)."""
    items = [
        item
        for item in order.items.select_related("attraction")
        if not item.seats_held and item.cancelled_at is None
    ]
    for item in _by_departure(items):
        take_seats(
            attraction=item.attraction,
            day=item.date,
            slot=item.slot,
            count=item.participants,
            order_item_id=item.pk,
            slot_label=item.get_slot_display(),
        )
        item.seats_held = True
        item.save(update_fields=["seats_held"])


def free_seats(items: list[OrderItem], *, reason: str) -> None:
    """Release the seats these items of a locked order hold; items holding none are
    skipped, so releasing twice gives nothing back twice."""
    for item in _by_departure([item for item in items if item.seats_held]):
        release_seats(
            attraction_id=item.attraction_id,
            day=item.date,
            slot=item.slot,
            count=item.participants,
            order_item_id=item.pk,
            reason=reason,
        )
        item.seats_held = False
        item.save(update_fields=["seats_held"])


def release_order_seats(order: Order, *, reason: str) -> None:
    free_seats(list(order.items.all()), reason=reason)


def hold_deadline() -> timedelta:
    return timedelta(minutes=settings.TRIP_SEAT_HOLD_MINUTES)


def expired_holds() -> list[Order]:
    """Unpaid orders holding seats whose last activity (placing or the newest payment
    attempt) is older than the hold."""
    cutoff = timezone.now() - hold_deadline()
    return list(
        Order.objects.filter(
            status__in=[OrderStatus.PENDING, OrderStatus.FAILED],
            items__seats_held=True,
            created_at__lte=cutoff,
        )
        .annotate(last_attempt=Max("payments__requested_at"))
        .filter(Q(last_attempt=None) | Q(last_attempt__lte=cutoff))
        .distinct()
        .order_by("pk")
    )


def release_expired_hold(order: Order) -> bool:
    """Release an expired unpaid order's seats unless a payment is in flight: an
    attempt that may yet be paid keeps them (reconcile_payments settles it first)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status not in (OrderStatus.PENDING, OrderStatus.FAILED):
            return False
        if order.payments.filter(
            state__in=[AttemptState.PENDING, AttemptState.UNKNOWN]
        ).exists():
            return False
        release_order_seats(order, reason="hold expired")
    logger.info("order %s: unpaid seat hold expired, seats released", order.number)
    return True
