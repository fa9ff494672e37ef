import json
import threading
from datetime import timedelta

import pytest
from django.test import Client

from bookings.pricing import today_in_taipei

CONTACT = {"name": "王小明", "email": "ming@example.com", "phone": "0912345678"}


def post_json(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def at_once(calls):
    """Run these callables from one thread each, released together; their results.

    Each thread has its own database connection, so on MariaDB they really race.
    """
    from django.db import connections

    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index):
        try:
            barrier.wait(timeout=10)
            results[index] = calls[index]()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def attraction(make_attraction):
    return make_attraction("台北101", images=2)


@pytest.fixture
def second_attraction(make_attraction):
    return make_attraction("北投溫泉", mrt="新北投", address="臺北市北投區中山路2號")


@pytest.fixture
def book(user):
    """Put a trip in the member's cart through the service the API uses."""
    from bookings.services import add_booking

    def book(attraction, *, days=1, slot="morning", member=None):
        return add_booking(
            user=member or user,
            attraction_id=attraction.id,
            date=today_in_taipei() + timedelta(days=days),
            slot=slot,
        )

    return book


@pytest.fixture
def cart(book, attraction, second_attraction):
    """Two trips: 2000 + 2500 TWD."""
    return [book(attraction, slot="morning"), book(second_attraction, slot="afternoon")]


def checkout_body(bookings, *, prime, price=None, contact=None):
    return {
        "prime": prime,
        "order": {
            "bookingIds": [booking.id for booking in bookings],
            "price": sum(b.price for b in bookings) if price is None else price,
            "contact": CONTACT if contact is None else contact,
        },
    }


@pytest.fixture
def other_member(db):
    from accounts.models import User

    return User.objects.create_user(
        "other@example.com", "another horse 42", name="小華"
    )


@pytest.fixture
def other_client(other_member):
    from accounts.tokens import issue_token

    return Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=other_member)}")


@pytest.fixture
def make_order(user, attraction):
    """An order written with the ORM, for reads that need no payment."""
    from orders.models import Order, OrderItem

    def make(*, member=None, status="pending", items=1, created_at=None):
        order = Order.objects.create(
            user=member or user,
            status=status,
            amount=2000 * items,
            contact_name=CONTACT["name"],
            contact_email=CONTACT["email"],
            contact_phone=CONTACT["phone"],
        )
        if created_at is not None:
            Order.objects.filter(pk=order.pk).update(created_at=created_at)
        for day in range(items):
            OrderItem.objects.create(
                order=order,
                attraction=attraction,
                attraction_snapshot_id=attraction.id,
                attraction_name=attraction.name,
                attraction_address=attraction.address,
                attraction_image="https://images.example.com/a.jpg",
                date=today_in_taipei() + timedelta(days=day + 1),
                slot="morning",
                price=2000,
            )
        order.refresh_from_db()
        return order

    return make
