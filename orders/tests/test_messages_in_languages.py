"""Payment refusals and order messages in the member's language (English, 日本語)."""

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
