"""The staff refund form: reason required, a confirmation, one Refund API call."""

import pytest
from django.contrib.admin.models import LogEntry

from devtools.fake_tappay import SANDBOX_TEST_PRIME
from mail.models import Email
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


def refund_url(order):
    return f"/admin/orders/order/{order.pk}/refund/"


def test_the_refund_page_shows_the_trips_and_what_is_left(admin_client, paid_order):
    page = admin_client.get(refund_url(paid_order)).content.decode()

    assert "台北101" in page and "北投溫泉" in page
    assert "NT$ 4500" in page
    assert "data-refunded>NT$ 0<" in page


def test_a_reason_is_required(admin_client, paid_order, fake_tappay):
    response = admin_client.post(refund_url(paid_order), {"reason": " "})

    assert response.status_code == 400
    assert "請填寫退款原因" in response.content.decode()
    assert refund_calls(fake_tappay) == 0


def test_the_first_submit_only_asks_for_confirmation(
    admin_client, paid_order, fake_tappay
):
    response = admin_client.post(refund_url(paid_order), {"reason": "颱風停團"})

    assert "確認退款 Confirm refund" in response.content.decode()
    assert refund_calls(fake_tappay) == 0
    paid_order.refresh_from_db()
    assert paid_order.status == "paid"


def test_a_confirmed_refund_calls_the_gateway_once_and_records_who_and_why(
    admin_client, paid_order, fake_tappay, admin_user
):
    form = {"reason": "颱風停團", "confirmed": "True"}

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
        refund_url(paid_order), {"reason": "x", "confirmed": "True"}
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
    finance.post(refund_url(paid_order), {"reason": "客訴", "confirmed": "True"})
    assert refund_calls(fake_tappay) == 1
