"""Two requests adding the same trip at the same moment leave one cart item (MariaDB)."""

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client

from accounts.tokens import issue_token
from bookings.models import Booking
from bookings.pricing import today_in_taipei

pytestmark = [
    pytest.mark.mariadb_only,
    pytest.mark.skipif(connection.vendor != "mysql", reason="needs MariaDB row locks"),
    pytest.mark.django_db(transaction=True),
]


def test_the_same_trip_added_twice_at_once_is_one_item(user, attraction):
    body = json.dumps(
        {
            "attractionId": attraction.id,
            "date": (today_in_taipei() + timedelta(days=2)).isoformat(),
            "time": "morning",
            "price": 2000,
        }
    )
    clients = 4
    barrier = threading.Barrier(clients)
    answers = []

    def add():
        try:
            client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=user)}")
            barrier.wait(timeout=10)
            response = client.post(
                "/api/booking", data=body, content_type="application/json"
            )
            answers.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert answers == [(200, {"ok": True})] * clients
    assert Booking.objects.count() == 1
