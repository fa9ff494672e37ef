"""The staff refund form: the trips or an amount, reason required, a confirmation,
one Refund API call."""

import pytest
from django.contrib.admin.models import LogEntry

from devtools.fake_tappay import SANDBOX_TEST_PRIME
from mail.models import Email
from orders import services
from orders.models import Order
from orders.tests.conftest import (  # noqa: F401  (fixtures)
    attraction,
    book,
    cart,
    checkout_body,
    post_json,
    second_attraction,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(auth_client, cart, fake_tappay):  # noqa: F811
    post_json(auth_client, "/api/orders", checkout_body(cart, prime=SANDBOX_TEST_PRIME))
    return Order.objects.get()


def refund_calls(fake) -> int:
    return sum(len(charge.refunds) for charge in fake.charges)


def refunded_amounts(fake) -> list[int]:
    """What the gateway was asked to give back, call by call."""
    return [refund["amount"] for charge in fake.charges for refund in charge.refunds]


def refund_url(order):
    return f"/admin/orders/order/{order.pk}/refund/"


def confirmed(form: dict, order) -> dict:
    """The form as its confirmation page sends it back: with what it said it refunds."""
    items = form.get("items")
    try:
        plan = services.plan_refund(
            order=order,
            item_ids=items or None,
            amount=int(form["amount"]) if form.get("amount") else None,
        )
    except services.OrderError:  # the page refuses it before any confirmation
        return {**form, "confirmed": "True"}
    return {
        **form,
        "confirmed": "True",
        "confirmed_amount": plan.amount,
        "confirmed_left": plan.refundable,
    }


def every_trip(order) -> list[int]:
    return list(order.items.order_by("pk").values_list("pk", flat=True))


def trip_named(order, name):
    return order.items.get(attraction_name=name)


def test_the_refund_page_shows_the_trips_and_what_is_left(admin_client, paid_order):
    page = admin_client.get(refund_url(paid_order)).content.decode()

    assert "台北101" in page and "北投溫泉" in page
    assert "NT$ 4500" in page
    assert "data-refunded>NT$ 0<" in page


def test_a_reason_is_required(admin_client, paid_order, fake_tappay):
    response = admin_client.post(
        refund_url(paid_order), {"reason": " ", "items": every_trip(paid_order)}
    )

    assert response.status_code == 400
    assert "請填寫退款原因" in response.content.decode()
    assert refund_calls(fake_tappay) == 0


def test_the_first_submit_only_asks_for_confirmation(
    admin_client, paid_order, fake_tappay
):
    response = admin_client.post(
        refund_url(paid_order), {"reason": "颱風停團", "items": every_trip(paid_order)}
    )

    assert "確認退款 Confirm refund" in response.content.decode()
    assert "確定要退款 NT$ 4500" in response.content.decode()
    assert refund_calls(fake_tappay) == 0
    paid_order.refresh_from_db()
    assert paid_order.status == "paid"


def test_a_confirmed_refund_calls_the_gateway_once_and_records_who_and_why(
    admin_client, paid_order, fake_tappay, admin_user
):
    form = confirmed(
        {"reason": "颱風停團", "items": every_trip(paid_order)}, paid_order
    )

    response = admin_client.post(refund_url(paid_order), form)
    again = admin_client.post(refund_url(paid_order), form, follow=True)

    assert response.status_code == 302
    assert refund_calls(fake_tappay) == 1
    paid_order.refresh_from_db()
    assert paid_order.status == "refunded"
    refund = paid_order.refunds.get()
    assert (refund.requested_by, refund.reason) == (admin_user, "颱風停團")
    assert refund.requested_at is not None
    assert (
        "颱風停團" in LogEntry.objects.get(object_id=str(paid_order.pk)).change_message
    )
    assert "只有已付款的訂單可以退款" in again.content.decode()
    notice = Email.objects.get(template="refund")
    assert notice.to == paid_order.contact_email
    assert "4,500" in notice.text_body or "4500" in notice.text_body


def test_staff_without_the_refund_permission_cannot_refund(
    staff_in_group, paid_order, fake_tappay
):
    operations = staff_in_group("營運 Operations")

    change = operations.get(f"/admin/orders/order/{paid_order.pk}/change/")
    attempt = operations.post(
        refund_url(paid_order),
        confirmed({"reason": "x", "items": every_trip(paid_order)}, paid_order),
    )

    assert change.status_code == 200
    assert "退款 Refund</a>" not in change.content.decode()
    assert attempt.status_code == 403
    assert refund_calls(fake_tappay) == 0


def test_finance_staff_see_and_use_the_refund_form(
    staff_in_group, paid_order, fake_tappay
):
    finance = staff_in_group("財務 Finance")

    change = finance.get(f"/admin/orders/order/{paid_order.pk}/change/")

    assert "退款 Refund</a>" in change.content.decode()
    finance.post(
        refund_url(paid_order),
        confirmed({"reason": "客訴", "items": every_trip(paid_order)}, paid_order),
    )
    assert refund_calls(fake_tappay) == 1


def seats_taken(item) -> int:
    from bookings.models import Departure

    return Departure.objects.get(
        attraction_id=item.attraction_id, date=item.date, slot=item.slot
    ).taken


def test_refunding_one_trip_of_two_gives_back_its_price_and_keeps_the_other(
    admin_client, paid_order, fake_tappay, admin_user
):
    spring = trip_named(paid_order, "北投溫泉")
    tower = trip_named(paid_order, "台北101")
    form = {"items": [spring.pk], "reason": "溫泉整修"}

    review = admin_client.post(refund_url(paid_order), form).content.decode()
    admin_client.post(refund_url(paid_order), confirmed(form, paid_order))
    page = admin_client.get(refund_url(paid_order)).content.decode()

    assert (
        "確定要退款 NT$ 2500" in review
        and "剩餘可退 Left to refund after this: NT$ 2000" in review
    )
    assert refund_calls(fake_tappay) == 1
    assert refunded_amounts(fake_tappay) == [2500]
    refund = paid_order.refunds.get()
    assert (refund.amount, refund.state, refund.reason) == (
        2500,
        "succeeded",
        "溫泉整修",
    )
    assert refund.requested_by == admin_user
    assert list(refund.items.all()) == [spring]
    spring.refresh_from_db(), tower.refresh_from_db(), paid_order.refresh_from_db()
    assert spring.cancelled_at is not None and not spring.seats_held
    assert tower.cancelled_at is None and tower.refund is None and tower.seats_held
    assert (seats_taken(spring), seats_taken(tower)) == (0, 1)
    assert paid_order.status == "paid"
    assert "data-refunded>NT$ 2500<" in page and "data-left>NT$ 2000<" in page
    notice = Email.objects.get(template="refund")
    assert "北投溫泉" in notice.text_body and "台北101" not in notice.text_body
    assert "2,500" in notice.text_body or "2500" in notice.text_body


def test_a_trip_already_refunded_cannot_be_refunded_again(
    admin_client, paid_order, fake_tappay
):
    from orders import services

    spring = trip_named(paid_order, "北投溫泉")
    form = confirmed({"items": [spring.pk], "reason": "溫泉整修"}, paid_order)
    admin_client.post(refund_url(paid_order), form)

    again = admin_client.post(refund_url(paid_order), form)

    assert again.status_code == 400  # no longer a trip the form offers
    assert refund_calls(fake_tappay) == 1
    with pytest.raises(services.OrderError, match="「北投溫泉」已經退款"):
        services.refund_order(order=paid_order, item_ids=[spring.pk], reason="x")
    assert refund_calls(fake_tappay) == 1


def test_the_rest_of_the_order_is_refunded_after_one_trip(
    admin_client, paid_order, fake_tappay
):
    spring = trip_named(paid_order, "北投溫泉")
    tower = trip_named(paid_order, "台北101")
    admin_client.post(
        refund_url(paid_order),
        confirmed({"items": [spring.pk], "reason": "溫泉整修"}, paid_order),
    )

    admin_client.post(
        refund_url(paid_order),
        confirmed({"items": [tower.pk], "reason": "颱風"}, paid_order),
    )

    assert refunded_amounts(fake_tappay) == [2500, 2000]
    paid_order.refresh_from_db()
    assert paid_order.status == "refunded"


def test_a_trip_with_a_smaller_amount_keeps_a_fee(
    admin_client, paid_order, fake_tappay
):
    spring = trip_named(paid_order, "北投溫泉")
    form = {"items": [spring.pk], "amount": "2000", "reason": "扣手續費"}

    too_much = admin_client.post(refund_url(paid_order), {**form, "amount": "2600"})
    admin_client.post(refund_url(paid_order), confirmed(form, paid_order))

    assert too_much.status_code == 400
    assert "退款金額應為 1 到 2500 元" in too_much.content.decode()
    assert refunded_amounts(fake_tappay) == [2000]
    spring.refresh_from_db()
    assert spring.cancelled_at is not None
    page = admin_client.get(refund_url(paid_order)).content.decode()
    assert "data-left>NT$ 2500<" in page


def test_an_amount_alone_refunds_money_and_keeps_every_trip(
    admin_client, paid_order, fake_tappay
):
    review = admin_client.post(
        refund_url(paid_order), {"amount": "300", "reason": "導遊遲到"}
    ).content.decode()
    admin_client.post(
        refund_url(paid_order),
        confirmed({"amount": "300", "reason": "導遊遲到"}, paid_order),
    )

    assert "只退款，不取消任何行程" in review
    assert refunded_amounts(fake_tappay) == [300]
    assert not paid_order.items.exclude(cancelled_at=None).exists()
    page = admin_client.get(refund_url(paid_order)).content.decode()
    assert "data-refunded>NT$ 300<" in page and "data-left>NT$ 4200<" in page
    notice = Email.objects.get(template="refund")
    assert "台北101" not in notice.text_body


def test_an_amount_alone_cannot_empty_an_order_with_trips_still_on(
    admin_client, paid_order, fake_tappay
):
    response = admin_client.post(
        refund_url(paid_order),
        confirmed({"amount": "4500", "reason": "全退"}, paid_order),
    )

    assert response.status_code == 400
    assert "請勾選這些行程" in response.content.decode()
    assert refund_calls(fake_tappay) == 0


def test_neither_a_trip_nor_an_amount_is_a_form_error(
    admin_client, paid_order, fake_tappay
):
    response = admin_client.post(refund_url(paid_order), {"reason": "?"})

    assert response.status_code == 400
    assert "請勾選要退款的行程，或填寫金額" in response.content.decode()
    assert refund_calls(fake_tappay) == 0


def test_a_resubmitted_amount_refund_is_not_paid_out_twice(
    admin_client, paid_order, fake_tappay
):
    form = confirmed({"amount": "300", "reason": "導遊遲到"}, paid_order)

    admin_client.post(refund_url(paid_order), form)
    again = admin_client.post(refund_url(paid_order), form, follow=True)

    assert refunded_amounts(fake_tappay) == [300]
    assert "退款狀況已變更" in again.content.decode()


def test_the_amount_confirmed_is_the_amount_refunded_or_nothing(
    admin_client, paid_order, fake_tappay
):
    tower = trip_named(paid_order, "台北101")
    form = confirmed({"items": [tower.pk], "reason": "颱風"}, paid_order)
    # Another staff member gives money back between the confirmation and the click:
    services.refund_order(order=paid_order, amount=3000, reason="客訴")

    response = admin_client.post(refund_url(paid_order), form, follow=True)

    assert refunded_amounts(fake_tappay) == [3000]
    assert "退款狀況已變更" in response.content.decode()


def test_every_trip_refunded_with_a_fee_kept_closes_the_order(
    admin_client, paid_order, fake_tappay
):
    form = {"items": every_trip(paid_order), "amount": "4000", "reason": "扣手續費"}

    admin_client.post(refund_url(paid_order), confirmed(form, paid_order))

    assert refunded_amounts(fake_tappay) == [4000]
    paid_order.refresh_from_db()
    assert paid_order.status == "refunded"
    assert services.refundable_amount(paid_order) == 0


def test_a_failed_trip_refund_keeps_the_order_open_for_another_try(
    admin_client, paid_order, fake_tappay
):
    spring = trip_named(paid_order, "北投溫泉")
    tower = trip_named(paid_order, "台北101")
    (charge,) = fake_tappay.charges
    charge.refunded_amount = charge.amount  # the gateway refuses: already refunded
    admin_client.post(
        refund_url(paid_order),
        confirmed({"items": [spring.pk], "reason": "a"}, paid_order),
    )
    charge.refunded_amount = 0
    admin_client.post(
        refund_url(paid_order),
        confirmed({"items": [tower.pk], "reason": "b"}, paid_order),
    )

    paid_order.refresh_from_db()
    assert paid_order.status == "paid"
    assert [item.pk for item in services.refundable_items(paid_order)] == [spring.pk]
