from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from devtools.fake_tappay import SANDBOX_TEST_PRIME
from orders import services
from orders.forms import MESSAGES
from orders.models import Payment
from orders.tests.conftest import CONTACT, checkout_body, post_json
from taipei_trip.testing import free_port

pytestmark = pytest.mark.django_db


def unknown_attempts(auth_client, book, attraction, primes):
    """One order per prime, each paid with it (timeouts and 500s leave them unknown)."""
    for day, prime in enumerate(primes, start=1):
        booking = book(attraction, days=day)
        post_json(auth_client, "/api/orders", checkout_body([booking], prime=prime))


def closed_port_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


def test_the_command_settles_each_attempt_and_prints_a_summary(
    auth_client, book, attraction, fake_tappay
):
    unknown_attempts(
        auth_client,
        book,
        attraction,
        ["fake_timeout_a", "fake_error500_a", "fake_timeout_b"],
    )
    out = StringIO()

    call_command("reconcile_payments", "--min-age", "0", verbosity=2, stdout=out)

    assert sorted(Payment.objects.values_list("state", flat=True)) == [
        "failed",
        "succeeded",
        "succeeded",
    ]
    lines = out.getvalue().splitlines()
    assert sum("unknown -> succeeded" in line for line in lines) == 2
    assert sum("unknown -> failed" in line for line in lines) == 1
    assert lines[-1] == "3 open attempts checked: 2 paid, 1 failed, 0 still unknown"


def test_settled_attempts_are_not_asked_about_again(
    auth_client, book, attraction, fake_tappay
):
    unknown_attempts(
        auth_client, book, attraction, [SANDBOX_TEST_PRIME, "fake_decline_a"]
    )
    asked = len(fake_tappay.requests)
    out = StringIO()

    call_command("reconcile_payments", "--min-age", "0", stdout=out)

    assert len(fake_tappay.requests) == asked
    assert out.getvalue().startswith("0 open attempts checked")


def test_an_unreachable_record_api_leaves_attempts_unknown(
    auth_client, book, attraction, fake_tappay, settings
):
    unknown_attempts(auth_client, book, attraction, ["fake_error500_b"])
    settings.TAPPAY_BASE_URL = closed_port_url()
    out = StringIO()

    call_command("reconcile_payments", "--min-age", "0", stdout=out)

    assert Payment.objects.get().state == "unknown"
    assert out.getvalue().strip().endswith("0 paid, 0 failed, 1 still unknown")


def test_a_process_that_died_mid_call_leaves_a_pending_attempt_that_is_settled(
    user, cart, fake_tappay
):
    order = services.place_order(
        user=user, booking_ids=[b.pk for b in cart], contact=CONTACT, price=4500
    )
    Payment.objects.create(
        order=order, amount=4500, bank_transaction_id=f"{order.number}-1"
    )

    call_command("reconcile_payments", "--min-age", "0", stdout=StringIO())

    order.refresh_from_db()
    assert order.payments.get().state == "failed"
    assert order.status == "failed"


def test_viewing_a_fresh_unknown_attempt_does_not_call_the_gateway(
    auth_client, book, attraction, fake_tappay
):
    unknown_attempts(auth_client, book, attraction, ["fake_error500_c"])
    number = Payment.objects.get().order.number
    asked = len(fake_tappay.requests)

    data = auth_client.get(f"/api/order/{number}").json()["data"]

    assert data["state"] == "pending"
    assert len(fake_tappay.requests) == asked


def test_the_command_queries_a_bounded_number_of_times(
    auth_client, book, attraction, fake_tappay, django_assert_max_num_queries
):
    unknown_attempts(
        auth_client, book, attraction, [f"fake_error500_{n}" for n in range(5)]
    )

    # The attempts and the refunds lists, then per attempt: savepoint, lock order, lock
    # payment, save payment, save order, release savepoint, and the failed order's seats
    # (its items, release, re-read, audit row, item, cache bump); nothing else per order.
    with django_assert_max_num_queries(2 + 5 * 12):
        call_command("reconcile_payments", "--min-age", "0", stdout=StringIO())

    assert set(Payment.objects.values_list("state", flat=True)) == {"failed"}


def test_a_negative_min_age_is_refused():
    with pytest.raises(CommandError):
        call_command("reconcile_payments", "--min-age", "-1", stdout=StringIO())


@pytest.fixture
def paid_order(auth_client, cart, fake_tappay):
    post_json(auth_client, "/api/orders", checkout_body(cart, prime=SANDBOX_TEST_PRIME))
    return Payment.objects.get().order


def refund_with_gateway_down(order, settings):
    working_url = settings.TAPPAY_BASE_URL
    settings.TAPPAY_BASE_URL = closed_port_url()
    refund = services.refund_order(order=order)
    settings.TAPPAY_BASE_URL = working_url
    return refund


def test_an_unanswered_refund_blocks_another_until_it_is_settled(paid_order, settings):
    refund = refund_with_gateway_down(paid_order, settings)

    assert refund.state == "unknown"
    with pytest.raises(services.OrderError, match=str(MESSAGES["refund_in_progress"])):
        services.refund_order(order=paid_order)


def test_a_refund_that_never_reached_tappay_is_settled_as_not_refunded(
    paid_order, settings, fake_tappay
):
    refund_with_gateway_down(paid_order, settings)
    out = StringIO()

    call_command("reconcile_payments", "--min-age", "0", stdout=out)

    paid_order.refresh_from_db()
    assert paid_order.status == "paid"
    assert paid_order.refunds.get().state == "failed"
    assert out.getvalue().splitlines()[-1] == (
        "1 open refunds checked: 0 refunded, 1 not refunded, 0 still unknown"
    )
    # ...so staff can refund it for real now.
    assert services.refund_order(order=paid_order).state == "succeeded"
    assert fake_tappay.charges[0].refunded_amount == 4500


def test_a_refund_whose_answer_was_lost_is_settled_as_refunded(paid_order, settings):
    from orders import tappay

    refund_with_gateway_down(paid_order, settings)
    # The refund reaches TapPay after all (as if only its answer had been lost).
    tappay.refund(rec_trade_id=paid_order.payments.get().rec_trade_id, amount=4500)

    call_command("reconcile_payments", "--min-age", "0", stdout=StringIO())

    paid_order.refresh_from_db()
    assert paid_order.status == "refunded"
    assert paid_order.refunds.get().state == "succeeded"


def test_a_partly_refunded_record_without_an_amount_leaves_the_refund_open(
    paid_order, settings, monkeypatch
):
    """Calling it failed could pay the money out twice; calling it done could be false."""
    from orders import tappay
    from orders.services.refunds import reconcile_refund

    refund = refund_with_gateway_down(paid_order, settings)
    record = {"record_status": tappay.RECORD_PARTIALLY_REFUNDED}
    monkeypatch.setattr(tappay, "query_transaction", lambda **_: record)

    assert reconcile_refund(refund=refund).state == "unknown"
    refund.refresh_from_db()
    assert refund.state == "unknown"
    with pytest.raises(services.OrderError, match=str(MESSAGES["refund_in_progress"])):
        services.refund_order(order=paid_order)
