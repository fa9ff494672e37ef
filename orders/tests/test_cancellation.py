"""Members cancel paid trips themselves; refunds, partial or whole, one path with staff's
(issue 11, point 5)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.models import Departure
from devtools.fake_tappay import SANDBOX_TEST_PRIME
from orders import services, tappay
from orders.forms import MESSAGES
from orders.models import Order, Refund
from orders.tests.conftest import checkout_body, post_json
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(auth_client, book, attraction, second_attraction, fake_tappay):
    """A paid order of two trips a few days ahead: 2000 (morning) + 2500 (afternoon)."""
    cart = [
        book(attraction, days=3, slot="morning"),
        book(second_attraction, days=4, slot="afternoon"),
    ]
    post_json(auth_client, "/api/orders", checkout_body(cart, prime=SANDBOX_TEST_PRIME))
    return Order.objects.get()


def cancel(client, order, body=None):
    return post_json(client, f"/api/order/{order.number}/cancel", body or {})


def seats(attraction) -> int:
    return sum(
        Departure.objects.filter(attraction=attraction).values_list("taken", flat=True)
    )


def test_cancelling_one_of_two_trips_refunds_its_price_and_frees_its_seat(
    auth_client,
    paid,
    attraction,
    second_attraction,
    fake_tappay,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    first = paid.items.order_by("pk").first()
    mailoutbox.clear()  # the receipt
    with django_capture_on_commit_callbacks(execute=True):
        response = cancel(auth_client, paid, {"items": [first.pk]})

    assert response.status_code == 200, response.content
    data = response.json()["data"]
    assert [trip["state"] for trip in data["trips"]] == ["refunded", "paid"]
    assert data["state"] == "paid"
    assert [(r["amount"], r["state"]) for r in data["refunds"]] == [(2000, "succeeded")]
    [charge] = fake_tappay.charges
    assert (charge.refunded_amount, charge.record_status) == (2000, 2)
    assert seats(attraction) == 0
    assert seats(second_attraction) == 1
    [mail] = mailoutbox
    assert "已退款" in mail.subject
    assert attraction.name in mail.body and second_attraction.name not in mail.body


def test_cancelling_the_whole_order_refunds_everything_once(
    auth_client, paid, fake_tappay
):
    response = cancel(auth_client, paid)

    data = response.json()["data"]
    assert data["state"] == "refunded"
    assert {trip["state"] for trip in data["trips"]} == {"refunded"}
    assert fake_tappay.charges[0].refunded_amount == 4500

    again = cancel(auth_client, paid)
    assert_json_error(again, 400, MESSAGES["cancel_unpaid"])
    assert fake_tappay.charges[0].refunded_amount == 4500


def test_cancelling_a_trip_twice_is_refused(auth_client, paid, fake_tappay):
    first = paid.items.order_by("pk").first()
    cancel(auth_client, paid, {"items": [first.pk]})

    response = cancel(auth_client, paid, {"items": [first.pk]})

    assert_json_error(response, 400, MESSAGES["already_cancelled"])
    assert Refund.objects.count() == 1


def test_after_the_deadline_no_self_service_cancel(
    auth_client, paid, fake_tappay, taipei_clock
):
    first = paid.items.order_by("pk").first()
    # Three days ahead at 09:00: the free-cancellation deadline is two days ahead, 09:00.
    taipei_clock("09:00", days=2)

    response = cancel(auth_client, paid, {"items": [first.pk]})

    assert_json_error(response, 400)
    assert "免費取消期限" in response.json()["message"]
    assert not Refund.objects.exists()
    assert fake_tappay.charges[0].refunded_amount == 0
    order = auth_client.get(f"/api/order/{paid.number}").json()["data"]
    assert order["trips"][0]["cancellable"] is False


def test_another_members_order_is_as_unknown_as_a_missing_one(
    other_client, paid, fake_tappay
):
    for number in (paid.number, "TDT-NOPE-NOPE-NOPE"):
        response = post_json(other_client, f"/api/order/{number}/cancel", {})
        assert_json_error(response, 404, MESSAGES["not_found"])
    assert not Refund.objects.exists()


@pytest.mark.parametrize(
    "items", [[], "1", [0], [True], ["1"], [1.5], list(range(1, 60)), {"id": 1}]
)
def test_bad_item_lists_are_refused(auth_client, paid, fake_tappay, items):
    response = cancel(auth_client, paid, {"items": items})

    assert_json_error(response, 400, MESSAGES["cancel_items"])


def test_an_item_of_another_order_is_refused(auth_client, paid, make_order):
    other = make_order(status="paid")
    response = cancel(auth_client, paid, {"items": [other.items.get().pk]})

    assert_json_error(response, 400, MESSAGES["cancel_items"])


def test_an_unpaid_order_cannot_be_cancelled(auth_client, make_order):
    order = make_order(status="failed")

    assert_json_error(cancel(auth_client, order), 400, MESSAGES["cancel_unpaid"])


def test_cancelling_needs_a_signed_in_member(paid):
    from django.test import Client

    assert_json_error(cancel(Client(), paid), 403)


def test_a_refund_whose_answer_is_lost_is_reconciled_once_and_never_repeated(
    auth_client,
    paid,
    fake_tappay,
    monkeypatch,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    real_refund = tappay.refund

    def refund_then_lose_the_answer(**kwargs):
        real_refund(**kwargs)
        raise tappay.GatewayError("read timed out")

    monkeypatch.setattr(tappay, "refund", refund_then_lose_the_answer)
    first = paid.items.order_by("pk").first()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        data = cancel(auth_client, paid, {"items": [first.pk]}).json()["data"]

    assert data["trips"][0]["state"] == "cancelled"
    assert data["refunds"][0]["state"] == "unknown"
    assert "退款處理中" in mailoutbox[0].subject
    # While it is unknown, nothing else may be refunded.
    second = paid.items.order_by("pk").last()
    assert_json_error(
        cancel(auth_client, paid, {"items": [second.pk]}),
        400,
        MESSAGES["refund_in_progress"],
    )

    refund = Refund.objects.get()
    Refund.objects.filter(pk=refund.pk).update(
        requested_at=timezone.now() - timedelta(minutes=5)
    )
    services.reconcile_open_attempts()

    refund.refresh_from_db()
    assert refund.state == "succeeded"
    assert fake_tappay.charges[0].refunded_amount == 2000
    trips = auth_client.get(f"/api/order/{paid.number}").json()["data"]["trips"]
    assert [trip["state"] for trip in trips] == ["refunded", "paid"]


def test_a_refund_that_never_reached_tappay_is_reconciled_as_not_refunded(
    auth_client, paid, fake_tappay, settings
):
    working = settings.TAPPAY_BASE_URL
    settings.TAPPAY_BASE_URL = "http://127.0.0.1:9"
    first = paid.items.order_by("pk").first()
    cancel(auth_client, paid, {"items": [first.pk]})
    settings.TAPPAY_BASE_URL = working
    Refund.objects.update(requested_at=timezone.now() - timedelta(minutes=5))

    services.reconcile_open_attempts()

    assert Refund.objects.get().state == "failed"
    assert fake_tappay.charges[0].refunded_amount == 0
    assert Order.objects.get().status == "paid"
    # Staff then refund what is left through the same path: the cancelled trip whose
    # refund failed, and the trip still on.
    refund = services.refund_order(order=Order.objects.get(), reason="typhoon")
    assert (refund.state, refund.amount) == ("succeeded", 4500)
    assert Order.objects.get().status == "refunded"


def test_staff_refund_of_a_partly_cancelled_order_gives_back_only_the_rest(
    auth_client, paid, fake_tappay, second_attraction
):
    first = paid.items.order_by("pk").first()
    cancel(auth_client, paid, {"items": [first.pk]})

    refund = services.refund_order(order=Order.objects.get(), reason="typhoon")

    assert refund.amount == 2500
    assert Order.objects.get().status == "refunded"
    assert fake_tappay.charges[0].refunded_amount == 4500
    assert seats(second_attraction) == 0


def test_staff_refund_one_trip_and_plan_the_rest_by_the_same_rule(paid, fake_tappay):
    first, second = paid.items.order_by("pk")

    refund = services.refund_order(order=paid, item_ids=[second.pk], reason="颱風")
    plan = services.plan_refund(order=Order.objects.get(), item_ids=[first.pk])

    assert (refund.amount, refund.state) == (2500, "succeeded")
    assert (plan.amount, plan.refundable, plan.left_after) == (2000, 2000, 0)
    assert services.refunded_amount(Order.objects.get()) == 2500
    with pytest.raises(services.OrderError, match="已經退款"):
        services.refund_order(order=paid, item_ids=[second.pk], reason="again")
    assert fake_tappay.charges[0].refunded_amount == 2500


def test_a_members_cancellation_after_a_staff_amount_refund_gives_back_what_is_left(
    auth_client, paid, fake_tappay
):
    first, second = paid.items.order_by("pk")
    services.refund_order(order=paid, amount=3000, reason="導遊遲到")

    cancel(auth_client, paid, {"items": [second.pk]})
    last = cancel(auth_client, paid, {"items": [first.pk]})

    assert [r.amount for r in Refund.objects.order_by("pk")] == [3000, 1500]
    assert fake_tappay.charges[0].refunded_amount == 4500
    # All the money is back, but the morning trip is still on: the order stays paid,
    # so its participant stays on the roster, and cancelling it has nothing to refund.
    assert Order.objects.get().status == "paid"
    first.refresh_from_db()
    assert first.cancelled_at is None and first.seats_held
    assert_json_error(last, 400, MESSAGES["nothing_left"])
