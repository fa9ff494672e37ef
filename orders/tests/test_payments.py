"""Checkout and payment against the local fake TapPay (real HTTP on 127.0.0.1)."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from bookings.models import Booking
from devtools.fake_tappay import SANDBOX_TEST_PRIME
from orders import services
from orders.forms import (
    DECLINED_MESSAGES,
    DECLINED_OTHER,
    MESSAGES,
    declined_message,
)
from orders.models import Order, Payment
from orders.tests.conftest import CONTACT, checkout_body, post_json
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db


def pay(client, cart, *, prime=SANDBOX_TEST_PRIME, **kwargs):
    return post_json(client, "/api/orders", checkout_body(cart, prime=prime, **kwargs))


def age(payment, seconds):
    """Pretend the attempt was made and answered `seconds` ago (the row, not a mock)."""
    then = timezone.now() - timedelta(seconds=seconds)
    Payment.objects.filter(pk=payment.pk).update(requested_at=then, answered_at=then)


def test_two_trips_are_paid_in_one_order_and_leave_the_cart(
    auth_client, cart, fake_tappay, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = pay(auth_client, cart)

    assert response.status_code == 200
    answer = response.json()["data"]
    assert answer["payment"] == {"status": 0, "message": MESSAGES["paid"]}
    order = Order.objects.get()
    assert answer["number"] == order.number
    assert order.status == "paid" and order.amount == 4500 and order.paid_at
    assert [charge.amount for charge in fake_tappay.charges] == [4500]
    assert auth_client.get("/api/booking").json() == {"data": []}
    assert [mail.to for mail in mailoutbox] == [["ming@example.com"]]
    assert order.number in mailoutbox[0].subject
    assert "4,500" in mailoutbox[0].body


def test_the_thank_you_data_and_history_show_the_paid_order(
    auth_client, cart, fake_tappay
):
    number = pay(auth_client, cart).json()["data"]["number"]

    order = auth_client.get(f"/api/order/{number}").json()["data"]
    history = auth_client.get("/api/orders?page=0").json()

    assert order["status"] == 0 and order["state"] == "paid"
    assert [trip["attraction"]["name"] for trip in order["trips"]] == [
        "台北101",
        "北投溫泉",
    ]
    assert [trip["price"] for trip in order["trips"]] == [2000, 2500]
    assert order["contact"] == CONTACT
    assert history == {"nextPage": None, "data": [order]}


def test_the_gateway_gets_the_server_amount_and_the_contact_as_cardholder(
    auth_client, cart, fake_tappay
):
    pay(auth_client, cart)

    payment = Payment.objects.get()
    body = fake_tappay.requests[-1].body
    assert body["amount"] == 4500
    assert body["prime"] == SANDBOX_TEST_PRIME
    assert body["bank_transaction_id"] == payment.bank_transaction_id
    assert body["order_number"] == payment.order.number
    assert body["cardholder"]["email"] == CONTACT["email"]
    assert payment.state == "succeeded" and payment.rec_trade_id


def test_the_contract_single_trip_body_still_works(
    auth_client, book, attraction, fake_tappay
):
    booking = book(attraction, slot="afternoon")
    body = {
        "prime": SANDBOX_TEST_PRIME,
        "order": {
            "price": 2500,
            "trip": {
                "attraction": {
                    "id": attraction.id,
                    "name": "台北101",
                    "address": "",
                    "image": "",
                },
                "date": booking.date.isoformat(),
                "time": "afternoon",
            },
            "contact": CONTACT,
        },
    }

    response = post_json(auth_client, "/api/orders", body)

    assert response.json()["data"]["payment"]["status"] == 0
    assert Order.objects.get().items.get().source_booking_id == booking.id


def test_a_tampered_price_charges_nothing(auth_client, cart, fake_tappay):
    response = pay(auth_client, cart, price=1)

    assert_json_error(response, 400, MESSAGES["price"])
    assert len(fake_tappay.charges) == 0
    assert Booking.objects.count() == 2


def test_another_member_never_sees_my_order(
    auth_client, other_client, cart, fake_tappay
):
    number = pay(auth_client, cart).json()["data"]["number"]

    assert other_client.get(f"/api/order/{number}").json() == {"data": None}
    assert other_client.get("/api/orders?page=0").json() == {
        "nextPage": None,
        "data": [],
    }
    response = post_json(other_client, f"/api/order/{number}/pay", {"prime": "fresh"})
    assert_json_error(response, 400, MESSAGES["not_found"])


def test_a_declined_card_keeps_the_order_payable_and_paying_again_works(
    auth_client, cart, fake_tappay
):
    response = pay(auth_client, cart, prime="fake_decline_1")

    answer = response.json()["data"]
    order = Order.objects.get()
    assert response.status_code == 200
    assert answer["payment"]["status"] == 1
    assert answer["payment"]["message"] == declined_message(10003)
    assert order.status == "failed"
    assert Booking.objects.count() == 2  # still in the cart

    again = post_json(
        auth_client, f"/api/order/{order.number}/pay", {"prime": "fresh-1"}
    )

    assert again.json()["data"] == {
        "number": order.number,
        "payment": {"status": 0, "message": MESSAGES["paid"]},
    }
    order.refresh_from_db()
    assert order.status == "paid"
    assert list(order.payments.values_list("state", flat=True)) == [
        "failed",
        "succeeded",
    ]
    assert len(fake_tappay.charges) == 1
    assert not Booking.objects.exists()


def test_checking_out_the_same_cart_after_a_decline_pays_the_same_order(
    auth_client, cart, fake_tappay
):
    first = pay(auth_client, cart, prime="fake_decline_2").json()["data"]
    second = pay(auth_client, cart, prime="fresh-2").json()["data"]

    assert second["number"] == first["number"]
    assert second["payment"]["status"] == 0
    assert Order.objects.count() == 1


def test_a_paid_order_cannot_be_paid_again(auth_client, cart, fake_tappay):
    number = pay(auth_client, cart).json()["data"]["number"]

    response = post_json(auth_client, f"/api/order/{number}/pay", {"prime": "fresh-3"})

    assert_json_error(response, 400, MESSAGES["already_paid"])
    assert len(fake_tappay.charges) == 1


def test_a_double_submit_makes_one_order_and_one_charge(auth_client, cart, fake_tappay):
    body = checkout_body(cart, prime=SANDBOX_TEST_PRIME)

    first = post_json(auth_client, "/api/orders", body).json()["data"]
    second = post_json(auth_client, "/api/orders", body).json()["data"]

    assert second == {
        "number": first["number"],
        "payment": {"status": 0, "message": MESSAGES["already_paid"]},
    }
    assert Order.objects.count() == 1
    assert len(fake_tappay.charges) == 1


def test_part_of_a_cart_in_an_order_being_paid_is_refused(
    auth_client, cart, fake_tappay
):
    number = pay(auth_client, cart[:1], prime="fake_timeout_6").json()["data"]["number"]

    response = pay(auth_client, cart)

    assert_json_error(response, 400, MESSAGES["bookings_held"].format(number=number))
    assert Order.objects.count() == 1
    assert len(fake_tappay.charges) == 1


def test_a_changed_cart_after_a_decline_makes_a_new_order_and_retires_the_old(
    auth_client, cart, book, make_attraction, fake_tappay
):
    old = pay(auth_client, cart, prime="fake_decline_6").json()["data"]["number"]
    extra = book(make_attraction("陽明山", mrt=None), slot="afternoon")

    answer = pay(auth_client, [*cart, extra], prime="fresh-10").json()["data"]

    assert answer["number"] != old
    assert answer["payment"]["status"] == 0
    assert Order.objects.get(number=answer["number"]).items.count() == 3
    # The old order's trips were bought in the new one: paying it would charge twice.
    response = post_json(auth_client, f"/api/order/{old}/pay", {"prime": "fresh-11"})
    assert_json_error(response, 400, MESSAGES["superseded"])
    assert len(fake_tappay.charges) == 1


def test_a_smaller_cart_after_a_decline_retires_the_old_order_too(
    auth_client, cart, fake_tappay
):
    old = pay(auth_client, cart, prime="fake_decline_7").json()["data"]["number"]

    new = pay(auth_client, cart[1:], prime="fresh-12").json()["data"]
    again = post_json(auth_client, f"/api/order/{old}/pay", {"prime": "fresh-13"})

    assert new["payment"]["status"] == 0
    assert_json_error(again, 400, MESSAGES["superseded"])
    assert [charge.amount for charge in fake_tappay.charges] == [2500]


def test_a_gateway_timeout_leaves_the_order_pending_and_never_charges_twice(
    auth_client, cart, fake_tappay
):
    answer = pay(auth_client, cart, prime="fake_timeout_1").json()["data"]

    order = Order.objects.get()
    assert answer["payment"] == {"status": 1, "message": MESSAGES["unknown"]}
    assert order.status == "pending"
    assert order.payments.get().state == "unknown"
    # Neither paying again nor checking out again may charge while the outcome is open.
    retry = post_json(
        auth_client, f"/api/order/{order.number}/pay", {"prime": "fresh-4"}
    )
    assert_json_error(retry, 400, MESSAGES["in_progress"])
    again = pay(auth_client, cart, prime="fresh-5").json()["data"]
    assert again["payment"] == {"status": 1, "message": MESSAGES["in_progress"]}
    assert order.payments.count() == 1
    assert len(fake_tappay.charges) == 1


def test_reconcile_payments_settles_a_timed_out_charge_as_paid(
    auth_client, cart, fake_tappay, mailoutbox, django_capture_on_commit_callbacks
):
    pay(auth_client, cart, prime="fake_timeout_2")
    payment = Payment.objects.get()
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("reconcile_payments", "--min-age", "0", stdout=out)

    payment.refresh_from_db()
    assert payment.state == "succeeded" and payment.rec_trade_id
    assert payment.order.status == "paid"
    assert (
        "1 open attempts checked: 1 paid, 0 failed, 0 still unknown" in out.getvalue()
    )
    assert not Booking.objects.exists()
    assert len(mailoutbox) == 1
    assert len(fake_tappay.charges) == 1


def test_reconcile_payments_leaves_recent_attempts_alone(
    auth_client, cart, fake_tappay
):
    pay(auth_client, cart, prime="fake_timeout_3")
    out = StringIO()

    call_command("reconcile_payments", stdout=out)

    assert Payment.objects.get().state == "unknown"
    assert out.getvalue().startswith("0 open attempts checked")


def test_viewing_an_order_settles_its_stale_unknown_attempt(
    auth_client, cart, fake_tappay
):
    number = pay(auth_client, cart, prime="fake_timeout_4").json()["data"]["number"]
    assert auth_client.get(f"/api/order/{number}").json()["data"]["state"] == "pending"

    age(Payment.objects.get(), services.settle_after().total_seconds() + 1)
    data = auth_client.get(f"/api/order/{number}").json()["data"]

    assert data["state"] == "paid" and data["status"] == 0


def test_a_gateway_500_is_settled_as_failed_and_the_order_is_payable_again(
    auth_client, cart, fake_tappay
):
    answer = pay(auth_client, cart, prime="fake_error500_1").json()["data"]
    assert answer["payment"] == {"status": 1, "message": MESSAGES["unknown"]}
    assert Payment.objects.get().state == "unknown"

    call_command("reconcile_payments", "--min-age", "0", stdout=StringIO())

    order = Order.objects.get()
    assert order.status == "failed"
    assert order.payments.get().state == "failed"
    again = post_json(
        auth_client, f"/api/order/{order.number}/pay", {"prime": "fresh-6"}
    )
    assert again.json()["data"]["payment"]["status"] == 0
    assert len(fake_tappay.charges) == 1


def test_a_refund_returns_the_money_and_marks_the_order_refunded(
    auth_client, cart, fake_tappay, admin_user
):
    pay(auth_client, cart)
    order = Order.objects.get()

    refund = services.refund_order(order=order, requested_by=admin_user)

    order.refresh_from_db()
    assert refund.state == "succeeded" and refund.amount == 4500
    assert order.status == "refunded" and order.refunded_at
    assert fake_tappay.requests[-1].path == "/tpc/transaction/refund"
    assert fake_tappay.charges[0].refunded_amount == 4500
    data = auth_client.get(f"/api/order/{order.number}").json()["data"]
    assert (data["status"], data["state"]) == (1, "refunded")
    with pytest.raises(services.OrderError, match=str(MESSAGES["not_refundable"])):
        services.refund_order(order=order)


def test_an_unpaid_order_cannot_be_refunded(auth_client, cart, fake_tappay):
    pay(auth_client, cart, prime="fake_decline_4")

    with pytest.raises(services.OrderError, match=str(MESSAGES["not_refundable"])):
        services.refund_order(order=Order.objects.get())


def test_illegal_moves_are_refused(make_order):
    order = make_order(status="refunded")

    with pytest.raises(services.OrderError):
        services.move_order(order, "paid")
    order.refresh_from_db()
    assert order.status == "refunded"


def test_a_trip_whose_date_has_passed_cannot_be_ordered(auth_client, cart, fake_tappay):
    from bookings.pricing import today_in_taipei

    Booking.objects.filter(pk=cart[0].pk).update(
        date=today_in_taipei() - timedelta(days=1)
    )
    cart[0].refresh_from_db()

    response = pay(auth_client, cart)

    assert_json_error(response, 400, MESSAGES["trip_past"])
    assert not Order.objects.exists()
    assert len(fake_tappay.charges) == 0


def test_a_failed_order_whose_trip_date_has_passed_cannot_be_paid(
    auth_client, cart, fake_tappay
):
    from bookings.pricing import today_in_taipei

    number = pay(auth_client, cart, prime="fake_decline_5").json()["data"]["number"]
    Order.objects.get().items.update(date=today_in_taipei() - timedelta(days=1))

    response = post_json(auth_client, f"/api/order/{number}/pay", {"prime": "fresh-7"})

    assert_json_error(response, 400, MESSAGES["trip_past"])
    assert Order.objects.get().payments.count() == 1


def test_paying_again_after_a_stale_500_settles_it_first_then_charges(
    auth_client, cart, fake_tappay
):
    number = pay(auth_client, cart, prime="fake_error500_2").json()["data"]["number"]
    age(Payment.objects.get(), services.settle_after().total_seconds() + 1)

    response = post_json(auth_client, f"/api/order/{number}/pay", {"prime": "fresh-8"})

    assert response.json()["data"]["payment"]["status"] == 0
    assert list(Payment.objects.values_list("state", flat=True)) == [
        "failed",
        "succeeded",
    ]
    assert len(fake_tappay.charges) == 1


def test_paying_again_after_a_stale_timeout_finds_the_charge_and_charges_nothing(
    auth_client, cart, fake_tappay
):
    number = pay(auth_client, cart, prime="fake_timeout_5").json()["data"]["number"]
    age(Payment.objects.get(), services.settle_after().total_seconds() + 1)

    response = post_json(auth_client, f"/api/order/{number}/pay", {"prime": "fresh-9"})

    assert_json_error(response, 400, MESSAGES["already_paid"])
    assert Order.objects.get().status == "paid"
    assert len(fake_tappay.charges) == 1


def test_the_whole_journey_through_the_api_and_the_admin(
    auth_client, admin_client, attraction, second_attraction, fake_tappay
):
    from bookings.pricing import today_in_taipei

    day = (today_in_taipei() + timedelta(days=7)).isoformat()
    for place, time, price in (
        (attraction, "morning", 2000),
        (second_attraction, "afternoon", 2500),
    ):
        booked = post_json(
            auth_client,
            "/api/booking",
            {"attractionId": place.id, "date": day, "time": time, "price": price},
        )
        assert booked.json() == {"ok": True}
    cart = auth_client.get("/api/booking").json()["data"]
    body = {
        "prime": SANDBOX_TEST_PRIME,
        "order": {
            "bookingIds": [item["id"] for item in cart],
            "price": sum(item["price"] for item in cart),
            "contact": CONTACT,
        },
    }

    paid = post_json(auth_client, "/api/orders", body).json()["data"]
    thank_you = auth_client.get(f"/api/order/{paid['number']}").json()["data"]
    history = auth_client.get("/api/orders?page=0").json()["data"]
    order = Order.objects.get(number=paid["number"])
    admin_page = admin_client.get(f"/admin/orders/order/{order.pk}/change/")

    assert paid["payment"]["status"] == 0
    assert (thank_you["status"], thank_you["price"], len(thank_you["trips"])) == (
        0,
        4500,
        2,
    )
    assert [trip["date"] for trip in thank_you["trips"]] == [day, day]
    assert [entry["number"] for entry in history] == [paid["number"]]
    assert auth_client.get("/api/booking").json() == {"data": []}
    assert admin_page.status_code == 200
    assert paid["number"] in admin_page.content.decode()
    assert [charge.amount for charge in fake_tappay.charges] == [4500]


def test_no_receipt_is_sent_for_a_declined_card(
    auth_client, cart, fake_tappay, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pay(auth_client, cart, prime="fake_decline_8")

    assert mailoutbox == []


def test_the_logs_never_hold_the_prime_or_the_partner_key(
    auth_client, cart, fake_tappay, caplog
):
    caplog.set_level("DEBUG")
    prime = "fresh-secret-prime-0123456789"

    pay(auth_client, cart, prime=prime)
    call_command("reconcile_payments", "--min-age", "0", stdout=StringIO())

    assert "order" in caplog.text
    assert prime not in caplog.text
    assert fake_tappay.partner_key not in caplog.text


def test_a_success_arriving_after_the_attempt_was_settled_is_logged_not_applied(
    auth_client, cart, fake_tappay, caplog
):
    from orders import tappay
    from orders.services.payments import _record_answer

    pay(auth_client, cart, prime="fake_error500_3")
    call_command("reconcile_payments", "--min-age", "0", stdout=StringIO())
    payment = Payment.objects.get()
    assert payment.state == "failed"

    late = tappay.GatewayResponse(
        status=0, message="Success", rec_trade_id="D1", bank_transaction_id="", data={}
    )
    result = _record_answer(payment, late)

    assert result.order.status == "failed"
    assert Payment.objects.get().state == "failed"
    assert "answered success after it was settled" in caplog.text


def test_without_a_partner_key_the_attempt_fails_at_once_and_nothing_is_sent(
    auth_client, cart, settings
):
    settings.TAPPAY_PARTNER_KEY = ""

    answer = pay(auth_client, cart).json()["data"]

    assert answer["payment"] == {
        "status": 1,
        "message": declined_message(-1),
    }
    order = Order.objects.get()
    assert order.status == "failed"
    assert order.payments.get().state == "failed"


def test_an_unknown_attempt_is_settled_on_view_a_few_seconds_after_its_call_ended(
    auth_client, cart, fake_tappay
):
    number = pay(auth_client, cart, prime="fake_error500_4").json()["data"]["number"]
    payment = Payment.objects.get()
    Payment.objects.filter(pk=payment.pk).update(
        answered_at=timezone.now()
        - timedelta(seconds=services.SETTLE_GRACE_SECONDS + 1)
    )

    data = auth_client.get(f"/api/order/{number}").json()["data"]

    assert data["state"] == "failed"
    assert Payment.objects.get().state == "failed"


def test_a_pending_attempt_is_not_judged_while_its_call_may_be_in_flight(
    auth_client, user, cart, fake_tappay, settings
):
    settings.TAPPAY_TIMEOUT = 30  # the production value: a call may take that long
    order = services.place_order(
        user=user, booking_ids=[b.pk for b in cart], contact=CONTACT, price=4500
    )
    Payment.objects.create(
        order=order,
        amount=4500,
        bank_transaction_id=f"{order.number}-1",
        requested_at=timezone.now()
        - timedelta(seconds=services.SETTLE_GRACE_SECONDS + 1),
    )
    asked = len(fake_tappay.requests)

    data = auth_client.get(f"/api/order/{order.number}").json()["data"]
    call_command("reconcile_payments", stdout=StringIO())

    assert data["state"] == "pending"
    assert Payment.objects.get().state == "pending"
    assert len(fake_tappay.requests) == asked


def payable(client, number: str) -> bool:
    return client.get(f"/api/order/{number}").json()["data"]["payable"]


def test_an_order_says_whether_paying_it_again_can_work(auth_client, cart, fake_tappay):
    declined = pay(auth_client, cart, prime="fake_decline_8").json()["data"]["number"]
    assert payable(auth_client, declined) is True

    new = pay(auth_client, cart[1:], prime="fresh-14").json()["data"]["number"]

    assert payable(auth_client, declined) is False  # superseded by the newer order
    assert payable(auth_client, new) is False  # paid
    listed = auth_client.get("/api/orders", {"page": 0}).json()["data"]
    assert {order["number"]: order["payable"] for order in listed} == {
        declined: False,
        new: False,
    }


def test_a_declined_card_is_told_in_our_words_never_the_banks(
    auth_client, cart, fake_tappay
):
    answer = pay(auth_client, cart, prime="fake_decline_words").json()["data"]

    message = answer["payment"]["message"]
    payment = Payment.objects.get()
    assert payment.message  # the bank's own text stays for staff
    assert payment.message not in message
    assert not re.search(r"[A-Za-z]", message)
    assert message == "付款失敗：" + DECLINED_MESSAGES[10003]


def test_a_refusal_with_a_status_we_do_not_know_gets_a_general_explanation():
    assert declined_message(99999) == "付款失敗：" + DECLINED_OTHER
