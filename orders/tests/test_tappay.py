"""The TapPay client against the local fake gateway (and a few scripted bad servers)."""

import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from devtools.fake_tappay import PAY_BY_PRIME_PATH, SANDBOX_TEST_PRIME
from orders import tappay
from orders.tappay import GatewayError, GatewayResponse
from taipei_trip.testing import free_port

CARDHOLDER = {
    "phone_number": "0912345678",
    "name": "王小明",
    "email": "ming@example.com",
}


def charge(**overrides):
    arguments = {
        "prime": SANDBOX_TEST_PRIME,
        "amount": 4500,
        "details": "台北一日遊：台北101 上半天、北投溫泉 下半天",
        "cardholder": dict(CARDHOLDER),
        "order_number": "TDT-7KQ2M9",
        "bank_transaction_id": "TDT-7KQ2M9-1",
    }
    arguments.update(overrides)
    return tappay.pay_by_prime(**arguments)


class ScriptedServer:
    """An HTTP server on 127.0.0.1 that gives one canned answer to every POST."""

    def __init__(self, status, body, content_type="application/json", headers=()):
        answer = (status, body.encode(), content_type, dict(headers))

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                code, payload, kind, extra = answer
                self.send_response(code)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        ).start()
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def scripted(settings):
    servers = []

    def start(status, body, **kwargs):
        server = ScriptedServer(status, body, **kwargs)
        servers.append(server)
        settings.TAPPAY_BASE_URL = server.base_url
        settings.TAPPAY_PARTNER_KEY = "partner_scripted_key"
        settings.TAPPAY_MERCHANT_ID = "merchant_scripted"
        settings.TAPPAY_TIMEOUT = 0.5
        return server

    yield start
    for server in servers:
        server.stop()


def test_an_approved_charge_returns_status_0_and_the_ids(fake_tappay):
    response = charge()

    assert isinstance(response, GatewayResponse)
    assert response.status == 0 and response.is_success
    assert response.message == "Success"
    assert response.rec_trade_id == fake_tappay.charges[0].rec_trade_id
    assert response.bank_transaction_id == "TDT-7KQ2M9-1"
    assert response.data["amount"] == 4500


def test_the_charge_sends_what_tappay_requires(fake_tappay):
    charge()

    [received] = fake_tappay.requests
    assert received.path == PAY_BY_PRIME_PATH
    assert received.headers["x-api-key"] == fake_tappay.partner_key
    assert received.headers["content-type"] == "application/json"
    assert received.body == {
        "prime": SANDBOX_TEST_PRIME,
        "partner_key": fake_tappay.partner_key,
        "merchant_id": fake_tappay.merchant_id,
        "amount": 4500,
        "currency": "TWD",
        "details": "台北一日遊：台北101 上半天、北投溫泉 下半天",
        "cardholder": CARDHOLDER,
        "order_number": "TDT-7KQ2M9",
        "bank_transaction_id": "TDT-7KQ2M9-1",
        "remember": False,
    }


def test_long_details_are_cut_to_100_characters_instead_of_failing(fake_tappay):
    response = charge(details="台北101 上半天、" * 30)

    assert response.status == 0
    assert len(fake_tappay.requests[0].body["details"]) == 100


def test_a_declined_card_returns_tappays_non_zero_status_and_message(fake_tappay):
    response = charge(prime="fake_decline_card")

    assert response.status != 0 and not response.is_success
    assert response.message
    assert response.data["bank_result_msg"]
    assert fake_tappay.charges == []


def test_a_reused_prime_returns_a_non_zero_status_without_a_second_charge(fake_tappay):
    charge()
    response = charge(bank_transaction_id="TDT-7KQ2M9-2")

    assert response.status != 0
    assert response.rec_trade_id == ""
    assert len(fake_tappay.charges) == 1


def test_a_timeout_raises_gateway_error_and_the_record_api_then_finds_the_charge(
    fake_tappay,
):
    with pytest.raises(GatewayError):
        charge(prime="fake_timeout_card")

    record = tappay.query_transaction(bank_transaction_id="TDT-7KQ2M9-1")

    assert record is not None
    assert record["rec_trade_id"] == fake_tappay.charges[0].rec_trade_id
    assert record["amount"] == 4500
    assert tappay.record_is_paid(record)


def test_an_http_500_raises_gateway_error_and_the_record_api_finds_nothing(
    fake_tappay,
):
    with pytest.raises(GatewayError):
        charge(prime="fake_error500_card")

    assert tappay.query_transaction(bank_transaction_id="TDT-7KQ2M9-1") is None
    assert fake_tappay.charges == []


def test_a_declined_attempt_is_found_but_not_paid(fake_tappay):
    charge(prime="fake_decline_card")

    record = tappay.query_transaction(bank_transaction_id="TDT-7KQ2M9-1")

    assert record["record_status"] == -1
    assert not tappay.record_is_paid(record)


def test_a_wrong_partner_key_is_refused_by_the_gateway(fake_tappay, settings):
    settings.TAPPAY_PARTNER_KEY = "partner_wrong_key"

    response = charge()

    assert response.status != 0
    assert fake_tappay.transactions == []


def test_a_record_query_refused_by_the_gateway_is_unknown_not_absent(
    fake_tappay, settings
):
    charge()
    settings.TAPPAY_PARTNER_KEY = "partner_wrong_key"

    with pytest.raises(GatewayError):
        tappay.query_transaction(bank_transaction_id="TDT-7KQ2M9-1")


def test_another_merchant_id_is_refused_by_the_gateway(fake_tappay, settings):
    settings.TAPPAY_MERCHANT_ID = "someone_else"

    assert charge().status != 0
    assert fake_tappay.transactions == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"amount": 4500.0},
        {"amount": "4500"},
        {"amount": 0},
        {"amount": -1},
        {"amount": True},
        {"prime": ""},
        {"order_number": ""},
        {"order_number": "x" * 51},
        {"bank_transaction_id": ""},
        {"bank_transaction_id": "x" * 41},
        {"cardholder": {"name": "王小明", "email": "ming@example.com"}},
        {"cardholder": {**CARDHOLDER, "email": ""}},
        {"cardholder": "王小明"},
        {"details": None},
    ],
)
def test_bad_arguments_raise_value_error_before_anything_is_sent(
    fake_tappay, overrides
):
    with pytest.raises(ValueError):
        charge(**overrides)

    assert fake_tappay.requests == []


def test_a_full_refund_leaves_the_record_refunded_and_not_paid(fake_tappay):
    rec_trade_id = charge().rec_trade_id

    response = tappay.refund(rec_trade_id=rec_trade_id)

    assert response.status == 0
    assert response.data["refund_amount"] == 4500
    record = tappay.query_transaction(bank_transaction_id="TDT-7KQ2M9-1")
    assert record["record_status"] == 3
    assert not tappay.record_is_paid(record)


def test_a_partial_refund_sends_the_amount_and_the_charge_stays_paid(fake_tappay):
    rec_trade_id = charge().rec_trade_id

    response = tappay.refund(rec_trade_id=rec_trade_id, amount=2000)

    assert response.status == 0
    assert fake_tappay.requests[-1].body == {
        "partner_key": fake_tappay.partner_key,
        "rec_trade_id": rec_trade_id,
        "amount": 2000,
    }
    record = tappay.query_transaction(bank_transaction_id="TDT-7KQ2M9-1")
    assert record["record_status"] == 2
    assert tappay.record_is_paid(record)


def test_a_second_full_refund_is_refused(fake_tappay):
    rec_trade_id = charge().rec_trade_id
    tappay.refund(rec_trade_id=rec_trade_id)

    assert tappay.refund(rec_trade_id=rec_trade_id).status != 0


@pytest.mark.parametrize("amount", [0, -5, 10.5, "100"])
def test_a_refund_amount_that_is_not_a_positive_integer_raises_value_error(
    fake_tappay, amount
):
    with pytest.raises(ValueError):
        tappay.refund(rec_trade_id="D20260101ABCDEFGHIJK", amount=amount)

    assert fake_tappay.requests == []


@pytest.mark.parametrize(
    ("status", "paid"),
    [(-1, False), (0, True), (1, True), (2, True), (3, False), (4, False), (5, False)],
)
def test_record_is_paid_follows_tappays_record_status(status, paid):
    assert tappay.record_is_paid({"record_status": status}) is paid


@pytest.mark.parametrize(
    "record", [{}, {"record_status": "1"}, {"record_status": True}]
)
def test_record_is_paid_is_false_for_a_record_without_a_usable_status(record):
    assert tappay.record_is_paid(record) is False


def test_an_unreachable_gateway_raises_gateway_error(settings):
    settings.TAPPAY_BASE_URL = f"http://127.0.0.1:{free_port()}"  # nothing listens
    settings.TAPPAY_PARTNER_KEY = "partner_key"

    with pytest.raises(GatewayError):
        charge()


def test_a_missing_partner_key_is_a_configuration_error(settings):
    settings.TAPPAY_PARTNER_KEY = ""

    with pytest.raises(ImproperlyConfigured):
        charge()


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (200, "<html>TapPay is down</html>", "text/html"),
        (200, "[0]", "application/json"),
        (200, '{"msg": "no status"}', "application/json"),
        (200, '{"status": "0"}', "application/json"),
        (502, '{"status": 0, "msg": "Success"}', "application/json"),
        (503, "Service Unavailable", "text/plain"),
        (403, '{"status": 0, "msg": "Success"}', "application/json"),
        (404, "Not Found", "text/html"),
    ],
)
def test_an_answer_that_is_not_tappays_json_raises_gateway_error(
    scripted, status, body, content_type
):
    scripted(status, body, content_type=content_type)

    with pytest.raises(GatewayError):
        charge()


def test_a_redirect_is_not_followed_and_raises_gateway_error(scripted):
    scripted(302, "", headers={"Location": "http://127.0.0.1:1/elsewhere"})

    with pytest.raises(GatewayError):
        charge()


def test_a_4xx_with_a_tappay_error_body_is_a_refusal_not_an_unknown(scripted):
    scripted(400, '{"status": 121, "msg": "Invalid arguments : amount"}')

    response = charge()

    assert response.status == 121
    assert response.message == "Invalid arguments : amount"


def test_a_record_answer_without_a_list_of_records_is_unknown(scripted):
    scripted(200, '{"status": 0, "msg": "Success"}')

    with pytest.raises(GatewayError):
        tappay.query_transaction(bank_transaction_id="TDT-7KQ2M9-1")


def test_a_record_answer_with_records_of_other_transactions_is_none(scripted):
    scripted(
        200,
        '{"status": 0, "msg": "Success", "number_of_transactions": 1,'
        ' "trade_records": [{"bank_transaction_id": "TDT-OTHER", "record_status": 1}]}',
    )

    assert tappay.query_transaction(bank_transaction_id="TDT-7KQ2M9-1") is None


def test_settings_are_read_at_call_time(fake_tappay, settings):
    settings.TAPPAY_BASE_URL = fake_tappay.base_url + "/"

    assert charge().status == 0


def test_each_call_logs_path_status_and_rec_trade_id(fake_tappay, caplog):
    caplog.set_level(logging.INFO, logger="orders.tappay")

    response = charge()

    assert PAY_BY_PRIME_PATH in caplog.text
    assert "status=0" in caplog.text
    assert response.rec_trade_id in caplog.text


def test_the_partner_key_and_card_data_never_reach_the_logs(fake_tappay, caplog):
    caplog.set_level(logging.DEBUG)
    errors = []

    rec_trade_id = charge().rec_trade_id
    charge(prime="fake_decline_card", bank_transaction_id="TDT-7KQ2M9-2")
    for prime in ("fake_timeout_card", "fake_error500_card"):
        try:
            charge(prime=prime, bank_transaction_id=f"TDT-{prime}")
        except GatewayError as exc:
            errors.append(str(exc))
    tappay.query_transaction(bank_transaction_id="TDT-7KQ2M9-1")
    tappay.refund(rec_trade_id=rec_trade_id, amount=100)

    logged = caplog.text + "\n".join(errors)
    assert len(errors) == 2
    assert "tappay" in caplog.text
    assert fake_tappay.partner_key not in logged
    assert SANDBOX_TEST_PRIME not in logged
    assert CARDHOLDER["phone_number"] not in logged
    assert CARDHOLDER["email"] not in logged


def test_the_partner_key_stays_out_of_the_response_repr(fake_tappay):
    response = charge()

    assert fake_tappay.partner_key not in repr(response)
    assert fake_tappay.partner_key not in str(response.data)


def test_a_slow_answer_within_tappay_timeout_is_read(fake_tappay, settings):
    fake_tappay.slow_seconds = 0.3
    settings.TAPPAY_TIMEOUT = 3

    response = charge(prime="fake_timeout_but_patient")

    assert response.status == 0


def test_a_record_answer_with_a_non_zero_status_and_no_records_is_none(scripted):
    scripted(200, '{"status": 2, "msg": "No record", "trade_records": []}')

    assert tappay.query_transaction(bank_transaction_id="TDT-7KQ2M9-1") is None


def test_a_record_answer_with_a_non_zero_status_and_records_is_unknown(scripted):
    scripted(
        200,
        '{"status": 2, "msg": "odd", "trade_records":'
        ' [{"bank_transaction_id": "TDT-7KQ2M9-1", "record_status": 1}]}',
    )

    with pytest.raises(GatewayError):
        tappay.query_transaction(bank_transaction_id="TDT-7KQ2M9-1")
