"""Two finance staff refunding the same trip at the same moment: one Refund API call.

Each request runs on its own database connection. On MariaDB the order's row lock
queues the second refund behind the first, which then finds the trip refunded; SQLite
(`make run`) serialises the two write transactions instead. Either way the gateway is
asked once.
"""

from functools import partial

import pytest
from django.test import Client

from accounts.models import User
from backoffice.testing import sign_in_staff
from backoffice.tests.test_refunds import (
    confirmed,
    paid_order,  # noqa: F401  (fixture)
    refund_url,
    refunded_amounts,
    trip_named,
)
from orders.tests.conftest import (  # noqa: F401  (fixtures)
    at_once,
    attraction,
    book,
    cart,
    second_attraction,
)

pytestmark = pytest.mark.django_db(transaction=True)


def finance_client(email: str) -> Client:
    staff = User.objects.create_superuser(email, "staff pass 123")
    return sign_in_staff(Client(), staff)


@pytest.mark.parametrize("second_trip", ["same", "other"])
def test_two_staff_refunding_at_once_call_the_refund_api_once_per_trip(
    paid_order,  # noqa: F811
    fake_tappay,
    second_trip,
):
    spring = trip_named(paid_order, "北投溫泉")
    tower = trip_named(paid_order, "台北101")
    trips = [spring, spring if second_trip == "same" else tower]
    clients = [finance_client(f"finance{n}@example.com") for n in range(2)]

    def post(client, item):
        form = confirmed({"items": [item.pk], "reason": "同時退款"}, paid_order)
        return client.post(refund_url(paid_order), form).status_code

    statuses = at_once(
        [partial(post, c, t) for c, t in zip(clients, trips, strict=True)]
    )

    paid_order.refresh_from_db()
    if second_trip == "same":
        # One refunds; the other is refused (the trip is refunded, or a refund of the
        # order is in flight) and redirected back to the form, or it reads the
        # refunded trip as no longer offered (400).
        assert refunded_amounts(fake_tappay) == [2500]
        assert paid_order.refunds.count() == 1
        assert paid_order.status == "paid"
        assert sorted(statuses) in ([302, 302], [302, 400])
    else:
        # Two different trips: each refunded once, one after the other or refused
        # while the first is in flight, never twice.
        amounts = refunded_amounts(fake_tappay)
        assert sorted(amounts) in ([2000, 2500], [2500], [2000])
        assert paid_order.refunds.count() == len(amounts)
