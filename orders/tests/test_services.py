import re

import pytest

from orders import services
from orders.forms import MESSAGES
from orders.models import NUMBER_ALPHABET, Order, new_order_number
from orders.tests.conftest import CONTACT

pytestmark = pytest.mark.django_db


def place(user, bookings, price=None):
    return services.place_order(
        user=user,
        booking_ids=[booking.pk for booking in bookings],
        contact=CONTACT,
        price=sum(b.price for b in bookings) if price is None else price,
    )


def test_order_numbers_are_readable_and_avoid_look_alike_characters():
    numbers = {new_order_number() for _ in range(200)}

    assert len(numbers) == 200
    for number in numbers:
        assert re.fullmatch(r"TDT(-[A-Z2-9]{4}){3}", number)
        assert not set(number.replace("TDT-", "").replace("-", "")) - set(
            NUMBER_ALPHABET
        )
    assert not set("01IOL") & set(NUMBER_ALPHABET)


def test_place_order_snapshots_each_trip(user, cart, attraction):
    order = place(user, cart)

    items = list(order.items.all())
    assert order.status == "pending" and order.amount == 4500
    assert [(item.attraction_name, item.slot, item.price) for item in items] == [
        ("台北101", "morning", 2000),
        ("北投溫泉", "afternoon", 2500),
    ]
    assert items[0].attraction_snapshot_id == attraction.id
    assert (
        items[0].attraction_image == f"https://images.example.com/{attraction.id}-0.jpg"
    )
    assert items[1].attraction_address == "臺北市北投區中山路2號"
    assert [item.source_booking_id for item in items] == [b.pk for b in cart]


def test_placing_the_same_items_again_finds_the_same_order(user, cart):
    first = place(user, cart)
    second = place(user, list(reversed(cart)))

    assert first.pk == second.pk
    assert Order.objects.count() == 1


def test_placing_the_same_items_with_another_price_is_refused(user, cart):
    place(user, cart)

    with pytest.raises(services.OrderError, match=str(MESSAGES["price"])):
        place(user, cart, price=4000)


def test_an_item_already_in_another_order_is_refused(user, cart):
    first = place(user, cart[:1])

    with pytest.raises(services.OrderError) as error:
        place(user, cart)

    assert error.value.message == MESSAGES["bookings_held"].format(number=first.number)


def test_an_attraction_in_an_order_cannot_be_deleted(user, cart, attraction):
    from django.db.models import ProtectedError

    order = place(user, cart)

    with pytest.raises(ProtectedError):
        attraction.delete()  # staff unpublish it instead (docs/backoffice.md)

    assert order.items.first().attraction == attraction


def test_move_order_follows_the_allowed_transitions(make_order):
    order = make_order(status="pending")

    services.move_order(order, "failed")
    services.move_order(order, "pending")
    services.move_order(order, "paid")
    services.move_order(order, "refunded")

    order.refresh_from_db()
    assert order.status == "refunded" and order.paid_at and order.refunded_at


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("pending", "refunded"),
        ("paid", "failed"),
        ("paid", "pending"),
        ("failed", "refunded"),
    ],
)
def test_move_order_refuses_other_moves(make_order, start, to):
    order = make_order(status=start)

    with pytest.raises(services.OrderError):
        services.move_order(order, to)

    order.refresh_from_db()
    assert order.status == start
