"""Two checkouts of the same cart at the same moment: one order, one charge.

SQLite has no row locks (it ignores FOR UPDATE and serialises writers), so only MariaDB
can prove the locking; the suite runs this file there.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from accounts.tokens import issue_token
from orders.fake_tappay import SANDBOX_TEST_PRIME
from orders.models import Order, Payment
from orders.tests.conftest import checkout_body, post_json

pytestmark = [
    pytest.mark.mariadb_only,
    pytest.mark.skipif(connection.vendor != "mysql", reason="needs MariaDB row locks"),
    pytest.mark.django_db(transaction=True),
]


def checkout_at_once(user, bodies):
    """POST these checkout bodies from one thread each, released together."""
    clients = len(bodies)
    barrier = threading.Barrier(clients)
    answers = [None] * clients

    def run(index):
        try:
            client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=user)}")
            barrier.wait(timeout=10)
            response = post_json(client, "/api/orders", bodies[index])
            answers[index] = (response.status_code, response.json())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_two_simultaneous_checkouts_make_one_order_and_one_charge(
    user, cart, fake_tappay
):
    body = checkout_body(cart, prime=SANDBOX_TEST_PRIME)
    answers = checkout_at_once(user, [body, body])

    assert [status for status, _ in answers] == [200, 200]
    numbers = {body["data"]["number"] for _, body in answers}
    assert numbers == {Order.objects.get().number}
    assert Payment.objects.count() == 1
    assert len(fake_tappay.charges) == 1
    assert sorted(body["data"]["payment"]["status"] for _, body in answers) in (
        [0, 0],  # the second arrived after the first had paid
        [0, 1],  # the second arrived while the first was paying
    )


def test_four_simultaneous_checkouts_with_different_primes_charge_once(
    user, cart, fake_tappay
):
    answers = checkout_at_once(
        user, [checkout_body(cart, prime=f"fresh-{n}") for n in range(4)]
    )

    assert [status for status, _ in answers] == [200] * 4, answers
    assert Order.objects.count() == 1
    assert Payment.objects.count() == 1
    assert len(fake_tappay.charges) == 1
