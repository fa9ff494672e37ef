"""3-D Secure, LINE Pay and JKO Pay against the local fake TapPay (real HTTP).

The buyer's part (the fake bank's challenge page, the wallet's page) is played with
`fake.complete()`, which is what the page's buttons do. The fake's notify is kept
(`notify_mode = "drop"`) and posted by the test client, so each path is driven in order;
`test_the_fake_delivers_its_notify_to_a_live_site` lets the fake deliver it itself.
"""

from datetime import timedelta
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone

from devtools.fake_tappay import SANDBOX_TEST_PRIME
from orders.forms import MESSAGES
from orders.models import Order, Payment
from orders.services.notify import NOTIFY_MESSAGES
from orders.tests.conftest import checkout_body, post_json
from taipei_trip.tests.assertions import assert_json_error

pytestmark = pytest.mark.django_db

PUBLIC = "https://trip.example.com"


@pytest.fixture
def tappay(fake_tappay, settings):
    """The fake with 3-D Secure and both wallets configured on the site."""
    settings.SITE_URL = PUBLIC
    settings.TAPPAY_THREE_DOMAIN_SECURE = True
    settings.TAPPAY_LINE_PAY_MERCHANT_ID = fake_tappay.line_pay_merchant_id
    settings.TAPPAY_JKO_PAY_MERCHANT_ID = fake_tappay.jko_pay_merchant_id
    fake_tappay.notify_mode = "drop"
    return fake_tappay


def pay(client, cart, *, prime="fake_3ds_1", **body):
    request = checkout_body(cart, prime=prime)
    return post_json(client, "/api/orders", {**request, **body})


def notify(client, body):
    return post_json(client, "/api/tappay/notify", body)


def view(client, number):
    return client.get(f"/api/order/{number}").json()["data"]


def record_queries(fake):
    return [r for r in fake.requests if r.path == "/tpc/transaction/query"]


def test_an_enrolled_card_is_sent_to_the_bank_and_the_order_waits(
    auth_client, cart, tappay, mailoutbox
):
    response = pay(auth_client, cart)

    answer = response.json()["data"]
    payment = Payment.objects.get()
    assert answer["payment"]["status"] == 1
    assert answer["payment"]["message"] == MESSAGES["redirect"]
    assert answer["payment"]["redirectUrl"] == payment.payment_url
    assert answer["payment"]["redirectUrl"].startswith(tappay.base_url)
    assert payment.state == "pending" and payment.method == "card"
    assert payment.order.status == "pending"
    body = tappay.requests[-1].body
    assert body["three_domain_secure"] is True
    assert body["result_url"] == {
        "frontend_redirect_url": f"{PUBLIC}/order/{payment.order.number}/return",
        "backend_notify_url": f"{PUBLIC}/api/tappay/notify",
    }
    assert mailoutbox == []


def test_a_card_that_does_no_3d_secure_answers_as_before(auth_client, cart, tappay):
    answer = pay(auth_client, cart, prime=SANDBOX_TEST_PRIME).json()["data"]

    assert answer["payment"] == {"status": 0, "message": MESSAGES["paid"]}
    assert tappay.requests[-1].body["three_domain_secure"] is True


def test_with_3d_secure_off_the_request_and_answer_are_as_before(
    auth_client, cart, tappay, settings
):
    settings.TAPPAY_THREE_DOMAIN_SECURE = False

    answer = pay(auth_client, cart, prime=SANDBOX_TEST_PRIME).json()["data"]

    assert answer["payment"] == {"status": 0, "message": MESSAGES["paid"]}
    body = tappay.requests[-1].body
    assert "three_domain_secure" not in body and "result_url" not in body


def test_a_passed_challenge_is_paid_when_the_buyer_returns_without_a_notify(
    auth_client, cart, tappay, mailoutbox, django_capture_on_commit_callbacks
):
    number = pay(auth_client, cart).json()["data"]["number"]
    payment = Payment.objects.get()
    completion = tappay.complete(payment.rec_trade_id, success=True)
    return_url = urlsplit(completion.redirect_url)
    assert f"{return_url.scheme}://{return_url.netloc}{return_url.path}" == (
        f"{PUBLIC}/order/{number}/return"
    )
    assert parse_qs(return_url.query)["rec_trade_id"] == [payment.rec_trade_id]

    assert auth_client.get(return_url.path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        order = view(auth_client, number)

    assert order["state"] == "paid" and order["paymentMethod"] == "card"
    assert len(record_queries(tappay)) == 1
    assert [mail.to for mail in mailoutbox] == [["ming@example.com"]]
    assert auth_client.get("/api/booking").json() == {"data": []}


def test_a_failed_challenge_fails_the_order_and_it_can_be_paid_again(
    auth_client, cart, tappay
):
    number = pay(auth_client, cart).json()["data"]["number"]
    tappay.complete(Payment.objects.get().rec_trade_id, success=False)

    assert view(auth_client, number)["state"] == "failed"

    again = post_json(auth_client, f"/api/order/{number}/pay", {"prime": "fake_3ds_2"})
    redirect = again.json()["data"]["payment"]["redirectUrl"]
    tappay.complete(Payment.objects.latest("pk").rec_trade_id, success=True)

    assert redirect
    assert view(auth_client, number)["state"] == "paid"
    assert list(Payment.objects.values_list("state", flat=True)) == [
        "failed",
        "succeeded",
    ]
    assert len(tappay.charges) == 1


def test_a_notify_before_the_buyer_returns_settles_once_with_one_receipt(
    auth_client, client, cart, tappay, mailoutbox, django_capture_on_commit_callbacks
):
    number = pay(auth_client, cart).json()["data"]["number"]
    completion = tappay.complete(Payment.objects.get().rec_trade_id, success=True)

    with django_capture_on_commit_callbacks(execute=True):
        answers = [notify(client, completion.notify_body) for _ in range(10)]
        order = view(auth_client, number)

    assert [answer.json() for answer in answers] == [{"ok": True}] * 10
    assert order["state"] == "paid"
    assert len(mailoutbox) == 1
    # Only the first notify needed the Record API; the others found it settled.
    assert len(record_queries(tappay)) == 1
    assert Payment.objects.get().settled_at is not None


def test_a_notify_after_the_return_page_changes_nothing(
    auth_client, client, cart, tappay, mailoutbox, django_capture_on_commit_callbacks
):
    number = pay(auth_client, cart).json()["data"]["number"]
    completion = tappay.complete(Payment.objects.get().rec_trade_id, success=True)

    with django_capture_on_commit_callbacks(execute=True):
        assert view(auth_client, number)["state"] == "paid"
        assert notify(client, completion.notify_body).json() == {"ok": True}

    assert len(mailoutbox) == 1


def test_the_notify_body_is_not_believed_over_the_record_api(
    auth_client, client, cart, tappay
):
    pay(auth_client, cart)
    payment = Payment.objects.get()
    body = {
        "rec_trade_id": payment.rec_trade_id,
        "bank_transaction_id": payment.bank_transaction_id,
        "order_number": payment.order.number,
        "amount": payment.amount,
        "status": 0,
        "msg": "Success",
    }

    # The buyer has not finished the challenge: TapPay's record still says waiting.
    assert notify(client, body).json() == {"ok": True}

    payment.refresh_from_db()
    assert payment.state == "pending" and payment.order.status == "pending"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"rec_trade_id": "D20261201MADEUP00001"}, NOTIFY_MESSAGES["unknown"]),
        ({"amount": 1}, NOTIFY_MESSAGES["mismatch"]),
        ({"order_number": "TDT-AAAA-BBBB-CCCC"}, NOTIFY_MESSAGES["mismatch"]),
        ({"bank_transaction_id": "TDT-AAAA-BBBB-CCCC-1"}, NOTIFY_MESSAGES["mismatch"]),
    ],
)
def test_a_forged_or_unknown_notify_is_refused_and_changes_nothing(
    auth_client, client, cart, tappay, change, message
):
    pay(auth_client, cart)
    payment = Payment.objects.get()
    completion = tappay.complete(payment.rec_trade_id, success=True)
    queries = len(record_queries(tappay))

    response = notify(client, {**completion.notify_body, **change})

    assert_json_error(response, 400, message)
    payment.refresh_from_db()
    assert payment.state == "pending" and payment.order.status == "pending"
    assert len(record_queries(tappay)) == queries


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"rec_trade_id": 12},
        {"rec_trade_id": ""},
        {"rec_trade_id": "x" * 65},
        {"rec_trade_id": "D1", "amount": "many"},
        {"rec_trade_id": "D1", "amount": True},
    ],
)
def test_a_malformed_notify_is_a_400(client, db, body):
    assert_json_error(notify(client, body), 400)


def test_a_notify_that_is_not_json_is_a_400(client, db):
    response = client.post(
        "/api/tappay/notify", data=b"rec_trade_id=1", content_type="text/plain"
    )

    assert_json_error(response, 400)


def test_a_notify_whose_record_the_record_api_cannot_give_is_a_503(
    auth_client, client, cart, tappay, settings
):
    pay(auth_client, cart)
    payment = Payment.objects.get()
    completion = tappay.complete(payment.rec_trade_id, success=True)
    settings.TAPPAY_BASE_URL = "http://127.0.0.1:9"  # nothing listens there

    response = notify(client, completion.notify_body)

    assert_json_error(response, 503)
    assert Payment.objects.get().state == "pending"


def test_a_notify_for_an_attempt_whose_answer_was_lost_is_matched_by_our_id(
    auth_client, client, cart, tappay, settings
):
    pay(auth_client, cart)
    payment = Payment.objects.get()
    completion = tappay.complete(payment.rec_trade_id, success=True)
    # As if the answer carrying rec_trade_id had timed out.
    Payment.objects.filter(pk=payment.pk).update(
        rec_trade_id="", payment_url="", state="unknown"
    )

    assert notify(client, completion.notify_body).json() == {"ok": True}

    payment.refresh_from_db()
    assert payment.state == "succeeded"
    assert payment.rec_trade_id == completion.notify_body["rec_trade_id"]


def test_paying_again_while_the_buyer_is_at_the_bank_is_refused(
    auth_client, cart, tappay
):
    number = pay(auth_client, cart).json()["data"]["number"]

    response = post_json(auth_client, f"/api/order/{number}/pay", {"prime": "fresh-9"})

    assert_json_error(response, 400, MESSAGES["in_progress"])
    assert len(tappay.find(order_number=number)) == 1


def test_an_abandoned_challenge_expires_through_reconcile_and_can_be_paid_again(
    auth_client, cart, tappay, settings
):
    number = pay(auth_client, cart).json()["data"]["number"]
    payment = Payment.objects.get()
    out = StringIO()

    call_command("reconcile_payments", stdout=out)  # too young: not even asked
    assert Payment.objects.get().state == "pending"

    then = timezone.now() - timedelta(
        minutes=settings.TAPPAY_REDIRECT_MINUTES, seconds=1
    )
    Payment.objects.filter(pk=payment.pk).update(requested_at=then, answered_at=then)
    call_command("reconcile_payments", stdout=out)

    payment.refresh_from_db()
    assert payment.state == "failed" and payment.order.status == "failed"
    assert "1 failed" in out.getvalue()
    again = post_json(
        auth_client, f"/api/order/{number}/pay", {"prime": SANDBOX_TEST_PRIME}
    )
    assert again.json()["data"]["payment"]["status"] == 0


def test_reconcile_keeps_a_redirect_open_until_it_expires(auth_client, cart, tappay):
    pay(auth_client, cart)
    then = timezone.now() - timedelta(minutes=5)
    Payment.objects.update(requested_at=then, answered_at=then)

    call_command("reconcile_payments", stdout=StringIO())

    assert Payment.objects.get().state == "pending"
    assert len(record_queries(tappay)) == 1


def test_a_completed_payment_whose_notify_and_buyer_never_came_is_paid_by_reconcile(
    auth_client, cart, tappay, mailoutbox, django_capture_on_commit_callbacks
):
    pay(auth_client, cart)
    tappay.complete(Payment.objects.get().rec_trade_id, success=True)
    then = timezone.now() - timedelta(minutes=30)
    Payment.objects.update(requested_at=then, answered_at=then)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("reconcile_payments", stdout=StringIO())

    assert Order.objects.get().status == "paid"
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("method", "prime", "setting"),
    [
        ("line_pay", "fake_linepay_1", "line_pay_merchant_id"),
        ("jko_pay", "fake_jkopay_1", "jko_pay_merchant_id"),
    ],
)
def test_a_wallet_payment_goes_through_the_wallet_page_to_paid(
    auth_client, client, cart, tappay, method, prime, setting, mailoutbox
):
    answer = pay(auth_client, cart, prime=prime, payMethod=method).json()["data"]

    body = tappay.requests[-1].body
    assert body["merchant_id"] == getattr(tappay, setting)
    assert "three_domain_secure" not in body
    assert body["result_url"]["backend_notify_url"] == f"{PUBLIC}/api/tappay/notify"
    assert answer["payment"]["redirectUrl"]
    payment = Payment.objects.get()
    assert payment.method == method

    completion = tappay.complete(payment.rec_trade_id, success=True)
    assert notify(client, completion.notify_body).json() == {"ok": True}

    order = view(auth_client, answer["number"])
    assert order["state"] == "paid" and order["paymentMethod"] == method


def test_line_pay_transactions_look_like_line_pay_ones(auth_client, cart, tappay):
    pay(auth_client, cart, prime="fake_linepay_2", payMethod="line_pay")

    assert Payment.objects.get().rec_trade_id.startswith("LN")


def test_a_wallet_the_site_has_not_configured_is_refused(
    auth_client, cart, tappay, settings
):
    settings.TAPPAY_JKO_PAY_MERCHANT_ID = ""

    response = pay(auth_client, cart, prime="fake_jkopay_2", payMethod="jko_pay")

    assert_json_error(response, 400, MESSAGES["method_unavailable"])
    assert not Payment.objects.exists()


def test_an_unknown_pay_method_is_a_400(auth_client, cart, tappay):
    response = pay(auth_client, cart, payMethod="bitcoin")

    assert_json_error(response, 400, MESSAGES["method"])


@pytest.mark.parametrize(
    "base", ["", "http://trip.example.com", "https://trip.example.com:8443", "ftp://x"]
)
def test_without_a_usable_public_address_nothing_is_sent(
    auth_client, cart, tappay, settings, base
):
    settings.SITE_URL = base

    answer = pay(auth_client, cart).json()["data"]

    assert answer["payment"]["status"] == 1 and "redirectUrl" not in answer["payment"]
    assert Payment.objects.get().state == "failed"
    assert not [r for r in tappay.requests if r.path == "/tpc/payment/pay-by-prime"]


def test_another_member_coming_back_sees_nothing_and_settles_nothing(
    auth_client, other_client, cart, tappay
):
    number = pay(auth_client, cart).json()["data"]["number"]
    tappay.complete(Payment.objects.get().rec_trade_id, success=True)

    assert other_client.get(f"/order/{number}/return").status_code == 200
    assert other_client.get(f"/api/order/{number}").json() == {"data": None}
    assert Payment.objects.get().state == "pending"


def test_the_fake_delivers_its_notify_to_a_live_site(
    transactional_db, live_server, user, cart, tappay, settings
):
    from django.test import Client

    from accounts.tokens import issue_token

    settings.SITE_URL = live_server.url
    tappay.notify_mode = "after"
    client = Client(HTTP_AUTHORIZATION=f"Bearer {issue_token(user=user)}")
    pay(client, cart)

    tappay.complete(Payment.objects.get().rec_trade_id, success=True)

    assert tappay.wait_for_notifications(1) == [200]
    assert Payment.objects.get().state == "succeeded"
