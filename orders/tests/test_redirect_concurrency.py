"""A redirect payment's notify, repeated and racing the buyer's return: settled once.

Real parallel connections on MariaDB (SQLite ignores FOR UPDATE, so only MariaDB can
prove the lock in settle_payment).
"""

import pytest
from django.db import connection
from django.test import Client

from accounts.tokens import issue_token
from mail.models import Email
from orders.models import Order, Payment
from orders.tests.conftest import at_once, checkout_body, post_json

pytestmark = [
    pytest.mark.mariadb_only,
    pytest.mark.skipif(connection.vendor != "mysql", reason="needs MariaDB row locks"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def tappay(fake_tappay, settings):
    settings.SITE_URL = "https://trip.example.com"
    settings.TAPPAY_THREE_DOMAIN_SECURE = True
    fake_tappay.notify_mode = "drop"
    return fake_tappay


def test_notifies_racing_the_return_page_settle_once_with_one_receipt(
    user, cart, tappay
):
    member = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=user)}")
    answer = post_json(member, "/api/orders", checkout_body(cart, prime="fake_3ds_r"))
    number = answer.json()["data"]["number"]
    completion = tappay.complete(Payment.objects.get().rec_trade_id, success=True)

    def notify():
        response = post_json(Client(), "/api/tappay/notify", completion.notify_body)
        return response.status_code

    def come_back():
        token = issue_token(user=user)
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        return client.get(f"/api/order/{number}").json()["data"]["state"]

    results = at_once([notify] * 6 + [come_back] * 2)

    assert results == [200] * 6 + ["paid"] * 2, results
    payment = Payment.objects.get()
    assert payment.state == "succeeded"
    assert Order.objects.get().status == "paid"
    # One receipt in the mail outbox: its delivery by the worker is tested on its own
    # (orders/tests/test_receipt_worker.py).
    assert Email.objects.filter(template="receipt").count() == 1
    assert len(tappay.charges) == 1
