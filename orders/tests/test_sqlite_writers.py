"""`make run`'s SQLite queues simultaneous writers instead of failing them.

Issue 18, point 12: 3 of 4 simultaneous checkouts of one cart answered 503 "database is
locked": a deferred transaction that reads and then writes cannot wait for the lock.
settings.py begins every transaction IMMEDIATE (Django 5.1+), so each waits its turn.
MariaDB's row locks are proven by test_concurrency.py.
"""

import pytest
from django.db import connection

from devtools.fake_tappay import SANDBOX_TEST_PRIME
from orders.models import Order, Payment
from orders.tests.conftest import checkout_body
from orders.tests.test_concurrency import post_at_once

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking"),
    pytest.mark.django_db(transaction=True),
]


def test_transactions_take_the_write_lock_when_they_begin():
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_four_simultaneous_checkouts_of_one_cart_all_get_an_answer(
    user, cart, fake_tappay
):
    body = checkout_body(cart, prime=SANDBOX_TEST_PRIME)
    answers = post_at_once(user, [("/api/orders", body)] * 4)

    assert [status for status, _ in answers] == [200] * 4, answers
    assert Order.objects.count() == 1
    assert Payment.objects.count() == 1
    assert len(fake_tappay.charges) == 1
