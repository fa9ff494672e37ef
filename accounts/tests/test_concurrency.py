"""Races proven on MariaDB, where real row and index locks exist (SQLite serialises)."""

import threading
from unittest import mock

import pytest
from django.db import connection, connections
from django.db.models import QuerySet

from accounts import services
from accounts.errors import AccountError
from accounts.forms import MESSAGES
from accounts.models import User

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.mariadb_only]


@pytest.fixture(autouse=True)
def _mariadb_only():
    if connection.vendor != "mysql":
        pytest.skip("needs MariaDB: SQLite runs one writer at a time")


def test_two_simultaneous_sign_ups_for_one_email_make_one_member():
    barrier = threading.Barrier(2)
    outcomes = []

    def sign_up(email):
        try:
            barrier.wait()
            services.sign_up(
                name="同時",
                email=email,
                password="a long passphrase",
                client_address="192.0.2.1",
            )
            outcomes.append("ok")
        except AccountError as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    # Both requests get past the existence check; only the unique index can decide.
    with mock.patch.object(QuerySet, "exists", return_value=False):
        threads = [
            threading.Thread(target=sign_up, args=(email,))
            for email in ("race@example.com", "RACE@example.com")
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(outcomes) == sorted(["ok", MESSAGES["email_taken"]])
    assert User.objects.filter(email="race@example.com").count() == 1
