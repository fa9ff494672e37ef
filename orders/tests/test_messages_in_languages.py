"""Payment refusals and order messages in the member's language (English, 日本語)."""

from datetime import timedelta

import pytest
from django.utils import translation

from orders.forms import declined_message


def test_a_declined_card_is_explained_in_our_words_in_each_language():
    assert declined_message(10003) == (
        "付款失敗：發卡銀行拒絕了這筆交易，請確認卡號、有效期限與安全碼，或改用其他信用卡"
    )
    with translation.override("en"):
        assert declined_message(10003) == (
            "Payment failed: Your card issuer declined this payment. Check the card "
            "number, expiry date and security code, or use another card"
        )
    with translation.override("ja"):
        assert declined_message(None) == (
            "お支払いに失敗しました：このカードではお支払いを完了できませんでした。"
            "別のカードをご利用いただくか、カード発行会社にお問い合わせください"
        )


@pytest.mark.django_db
def test_an_order_input_error_follows_lang(auth_client):
    response = auth_client.post(
        "/api/orders?lang=en", data="{}", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": "The payment details are invalid. Enter your card details again",
    }


@pytest.mark.django_db
def test_a_cancellation_too_late_names_the_place_and_deadline_in_english(
    auth_client, make_order, attraction, taipei_clock
):
    attraction.name_en = "Taipei 101"
    attraction.save()
    order = make_order(status="paid", items=1)
    taipei_clock("10:00")  # tomorrow's 09:00 trip: free cancellation ended at 09:00

    response = auth_client.post(
        f"/api/order/{order.number}/cancel?lang=en",
        data="{}",
        content_type="application/json",
    )

    day = order.items.get().date - timedelta(days=1)
    assert response.json()["message"] == (
        f"The free cancellation deadline for Taipei 101 ({day.day} {day:%b %Y}, "
        "9:00) has passed, so it can't be cancelled online"
    )


@pytest.mark.django_db
def test_a_trip_refunded_twice_is_refused_naming_the_place_in_english(
    make_order, attraction
):
    from orders.models import Payment, Refund
    from orders.services import OrderError, refund_order

    attraction.name_en = "Taipei 101"
    attraction.save()
    order = make_order(status="paid", items=2)
    payment = Payment.objects.create(
        order=order, amount=order.amount, state="succeeded", bank_transaction_id="T1"
    )
    first = order.items.order_by("pk").first()
    first.refund = Refund.objects.create(
        order=order, payment=payment, amount=first.price, state="succeeded"
    )
    first.save()

    with (
        translation.override("en"),
        pytest.raises(OrderError, match=r"^Taipei 101 has already been refunded$"),
    ):
        refund_order(order=order, item_ids=[first.pk], reason="x")
