"""The fake TapPay server, spoken to directly over HTTP on 127.0.0.1."""

import socket
import threading
import time

import pytest
import requests

from devtools.fake_tappay import (
    PAY_BY_PRIME_PATH,
    RECORD_PATH,
    REFUND_PATH,
    SANDBOX_TEST_PRIME,
    FakeTapPay,
)

CARDHOLDER = {
    "phone_number": "0912345678",
    "name": "王小明",
    "email": "ming@example.com",
}


@pytest.fixture
def fake():
    with FakeTapPay(
        partner_key="partner_test_key", merchant_id="merchant_test"
    ) as server:
        yield server


def post(fake, path, body, *, api_key=None, timeout=5):
    key = fake.partner_key if api_key is None else api_key
    return requests.post(
        fake.base_url + path, json=body, headers={"x-api-key": key}, timeout=timeout
    )


def payment(fake, **overrides):
    body = {
        "prime": SANDBOX_TEST_PRIME,
        "partner_key": fake.partner_key,
        "merchant_id": fake.merchant_id,
        "amount": 4500,
        "currency": "TWD",
        "details": "台北一日遊 2 個行程",
        "cardholder": dict(CARDHOLDER),
        "order_number": "TDT-ABC123",
        "bank_transaction_id": "TDT-ABC123-1",
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not ...}


def pay(fake, **overrides):
    return post(fake, PAY_BY_PRIME_PATH, payment(fake, **overrides))


def query(fake, filters, **extra):
    body = {"partner_key": fake.partner_key, "records_per_page": 50, "page": 0}
    body.update(filters=filters, **extra)
    return post(fake, RECORD_PATH, body)


def refund(fake, rec_trade_id, amount=None):
    body = {"partner_key": fake.partner_key, "rec_trade_id": rec_trade_id}
    if amount is not None:
        body["amount"] = amount
    return post(fake, REFUND_PATH, body)


def test_the_sandbox_test_prime_is_approved_with_the_real_answer_shape(fake):
    answer = pay(fake)

    assert answer.status_code == 200
    data = answer.json()
    assert data["status"] == 0
    assert data["msg"] == "Success"
    assert data["rec_trade_id"].startswith("D") and len(data["rec_trade_id"]) == 20
    assert data["bank_transaction_id"] == "TDT-ABC123-1"
    assert data["order_number"] == "TDT-ABC123"
    assert data["amount"] == 4500 and data["currency"] == "TWD"
    assert data["auth_code"] and data["acquirer"]
    assert {"bin_code", "last_four", "issuer", "funding", "type"} <= set(
        data["card_info"]
    )
    assert isinstance(data["transaction_time_millis"], int)
    assert data["bank_result_code"] == "00"
    assert "bank_result_msg" in data
    assert [c.rec_trade_id for c in fake.charges] == [data["rec_trade_id"]]
    assert fake.charges[0].amount == 4500


def test_an_ordinary_prime_is_approved(fake):
    data = pay(fake, prime="tpfake_" + "a" * 56).json()

    assert data["status"] == 0
    assert len(fake.charges) == 1


def test_a_reused_prime_is_refused_and_charges_nothing_more(fake):
    first = pay(fake).json()
    second = pay(fake, bank_transaction_id="TDT-ABC123-2").json()

    assert first["status"] == 0
    assert second["status"] != 0
    assert "rec_trade_id" not in second
    assert len(fake.charges) == 1


def test_a_decline_prime_is_declined_with_a_bank_message(fake):
    data = pay(fake, prime="fake_decline_1").json()

    assert data["status"] != 0
    assert data["msg"]
    assert data["bank_result_code"] not in ("", "00")
    assert data["bank_result_msg"]
    assert data["card_info"]["last_four"] == "0002"
    assert fake.charges == []
    [declined] = fake.transactions
    assert declined.record_status == -1


def test_a_timeout_prime_charges_then_answers_only_after_slow_seconds(fake):
    fake.slow_seconds = 0.4
    started = time.monotonic()

    data = pay(fake, prime="fake_timeout_1").json()

    assert time.monotonic() - started >= 0.4
    assert data["status"] == 0
    assert len(fake.charges) == 1


def test_a_timeout_prime_is_charged_before_the_client_gives_up(fake):
    fake.slow_seconds = 5

    with pytest.raises(requests.Timeout):
        post(
            fake, PAY_BY_PRIME_PATH, payment(fake, prime="fake_timeout_2"), timeout=0.3
        )

    assert [c.bank_transaction_id for c in fake.charges] == ["TDT-ABC123-1"]


def test_an_error500_prime_answers_http_500_without_charging(fake):
    answer = pay(fake, prime="fake_error500_1")

    assert answer.status_code == 500
    with pytest.raises(ValueError):
        answer.json()
    assert fake.transactions == []


def test_the_same_bank_transaction_id_cannot_be_charged_twice(fake):
    pay(fake)
    data = pay(fake, prime="tpfake_other").json()

    assert data["status"] != 0
    assert len(fake.charges) == 1


@pytest.mark.parametrize(
    ("header_key", "body_key"),
    [
        ("wrong", "partner_test_key"),
        ("partner_test_key", "wrong"),
        ("wrong", "wrong"),
        ("", "partner_test_key"),
    ],
)
def test_a_partner_key_that_does_not_match_everywhere_is_refused(
    fake, header_key, body_key
):
    answer = post(
        fake, PAY_BY_PRIME_PATH, payment(fake, partner_key=body_key), api_key=header_key
    )

    assert answer.json()["status"] != 0
    assert fake.transactions == []


def test_a_missing_x_api_key_header_is_refused(fake):
    answer = requests.post(
        fake.base_url + PAY_BY_PRIME_PATH, json=payment(fake), timeout=5
    )

    assert answer.json()["status"] != 0
    assert fake.transactions == []


def test_another_merchant_id_is_refused(fake):
    assert pay(fake, merchant_id="someone_else").json()["status"] != 0
    assert fake.transactions == []


@pytest.mark.parametrize(
    "field", ["prime", "partner_key", "merchant_id", "amount", "details", "cardholder"]
)
def test_a_payment_without_a_required_field_is_refused(fake, field):
    data = post(fake, PAY_BY_PRIME_PATH, payment(fake, **{field: ...})).json()

    assert data["status"] != 0
    assert fake.transactions == []


@pytest.mark.parametrize("field", ["phone_number", "name", "email"])
@pytest.mark.parametrize("value", [..., "", "   ", 912345678])
def test_a_cardholder_without_a_usable_field_is_refused(fake, field, value):
    cardholder = dict(CARDHOLDER)
    if value is ...:
        del cardholder[field]
    else:
        cardholder[field] = value

    assert pay(fake, cardholder=cardholder).json()["status"] != 0
    assert fake.transactions == []


@pytest.mark.parametrize(
    "amount", ["4500", 4500.0, 45.5, True, 0, -100, None, 20_000_001, [4500]]
)
def test_an_amount_that_is_not_a_positive_integer_in_range_is_refused(fake, amount):
    assert pay(fake, amount=amount).json()["status"] != 0
    assert fake.transactions == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("details", "x" * 101),
        ("details", ""),
        ("details", 42),
        ("order_number", "x" * 51),
        ("bank_transaction_id", "x" * 41),
        ("prime", ""),
        ("prime", 123),
        ("currency", "USD"),
        ("cardholder", "王小明"),
        ("remember", "yes"),
    ],
)
def test_a_field_of_the_wrong_type_or_length_is_refused(fake, field, value):
    assert pay(fake, **{field: value}).json()["status"] != 0
    assert fake.transactions == []


def test_details_of_exactly_100_characters_are_accepted(fake):
    assert pay(fake, details="行" * 100).json()["status"] == 0


def test_a_body_that_is_not_a_json_object_is_refused_with_http_400(fake):
    for raw in (b"{not json", b"[1, 2]", b"\xff\xfe"):
        answer = requests.post(
            fake.base_url + PAY_BY_PRIME_PATH,
            data=raw,
            headers={"x-api-key": fake.partner_key},
            timeout=5,
        )
        assert answer.status_code == 400
        assert answer.json()["status"] != 0
    assert fake.transactions == []


def test_an_unknown_path_is_a_json_404_and_get_is_refused(fake):
    missing = post(fake, "/tpc/nothing-here", {})
    wrong_method = requests.get(fake.base_url + PAY_BY_PRIME_PATH, timeout=5)

    assert missing.status_code == 404 and missing.json()["status"] != 0
    assert wrong_method.status_code == 405


def test_every_request_is_remembered_for_tests_to_inspect(fake):
    pay(fake)

    [received] = fake.requests
    assert received.path == PAY_BY_PRIME_PATH
    assert received.headers["x-api-key"] == fake.partner_key
    assert received.body["amount"] == 4500


@pytest.mark.parametrize(
    "filter_name", ["rec_trade_id", "bank_transaction_id", "order_number"]
)
def test_the_record_api_finds_a_charge_by_each_identifier(fake, filter_name):
    charged = pay(fake).json()
    pay(fake, prime="tpfake_2", order_number="TDT-OTHER", bank_transaction_id="TDT-X")

    data = query(fake, {filter_name: charged[filter_name]}).json()

    assert data["status"] == 0
    assert data["number_of_transactions"] == 1
    [record] = data["trade_records"]
    assert record["rec_trade_id"] == charged["rec_trade_id"]
    assert record["bank_transaction_id"] == "TDT-ABC123-1"
    assert record["order_number"] == "TDT-ABC123"
    assert record["amount"] == 4500 and record["currency"] == "TWD"
    assert record["record_status"] == 0


def test_the_record_api_finds_a_charge_whose_answer_was_never_read(fake):
    fake.slow_seconds = 5
    with pytest.raises(requests.Timeout):
        post(
            fake, PAY_BY_PRIME_PATH, payment(fake, prime="fake_timeout_3"), timeout=0.3
        )

    data = query(fake, {"bank_transaction_id": "TDT-ABC123-1"}).json()

    assert data["number_of_transactions"] == 1
    assert data["trade_records"][0]["record_status"] == 0


def test_the_record_api_shows_a_declined_attempt_as_an_error_record(fake):
    pay(fake, prime="fake_decline_2")

    [record] = query(fake, {"bank_transaction_id": "TDT-ABC123-1"}).json()[
        "trade_records"
    ]
    assert record["record_status"] == -1


def test_the_record_api_answers_an_empty_list_when_nothing_matches(fake):
    pay(fake, prime="fake_error500_2")

    data = query(fake, {"bank_transaction_id": "TDT-ABC123-1"}).json()

    assert data["status"] == 0
    assert data["number_of_transactions"] == 0
    assert data["trade_records"] == []


def test_the_record_api_pages_its_answers(fake):
    for n in range(3):
        pay(fake, prime=f"tpfake_{n}", bank_transaction_id=f"TDT-{n}")

    first = query(fake, {"order_number": "TDT-ABC123"}, records_per_page=2).json()
    second = query(fake, {"order_number": "TDT-ABC123"}, records_per_page=2, page=1)

    assert first["total_page_count"] == 2
    assert len(first["trade_records"]) == 2
    assert len(second.json()["trade_records"]) == 1


@pytest.mark.parametrize(
    "extra",
    [
        {"records_per_page": 0},
        {"records_per_page": "50"},
        {"page": -1},
        {"filters": []},
    ],
)
def test_the_record_api_refuses_bad_paging_or_filters(fake, extra):
    body = {"partner_key": fake.partner_key, "filters": {}, **extra}

    assert post(fake, RECORD_PATH, body).json()["status"] != 0


def test_the_record_api_refuses_a_wrong_partner_key(fake):
    pay(fake)
    body = {"partner_key": "wrong", "filters": {"bank_transaction_id": "TDT-ABC123-1"}}

    data = post(fake, RECORD_PATH, body, api_key="wrong").json()

    assert data["status"] != 0
    assert "trade_records" not in data


def test_a_full_refund_marks_the_record_refunded(fake):
    rec_trade_id = pay(fake).json()["rec_trade_id"]

    data = refund(fake, rec_trade_id).json()

    assert data["status"] == 0
    assert data["refund_amount"] == 4500
    assert data["refund_id"]
    [record] = query(fake, {"rec_trade_id": rec_trade_id}).json()["trade_records"]
    assert record["record_status"] == 3
    assert record["amount"] == 0
    assert record["refund_amount"] == 4500


def test_a_partial_refund_then_the_rest_moves_the_record_through_both_states(fake):
    rec_trade_id = pay(fake).json()["rec_trade_id"]

    assert refund(fake, rec_trade_id, 2000).json()["refund_amount"] == 2000
    [record] = query(fake, {"rec_trade_id": rec_trade_id}).json()["trade_records"]
    assert (record["record_status"], record["amount"]) == (2, 2500)

    assert refund(fake, rec_trade_id).json()["refund_amount"] == 2500
    [record] = query(fake, {"rec_trade_id": rec_trade_id}).json()["trade_records"]
    assert (record["record_status"], record["amount"]) == (3, 0)


def test_refunding_twice_fails(fake):
    rec_trade_id = pay(fake).json()["rec_trade_id"]
    refund(fake, rec_trade_id)

    assert refund(fake, rec_trade_id).json()["status"] != 0
    assert refund(fake, rec_trade_id, 1).json()["status"] != 0


def test_refunding_more_than_the_amount_fails_and_changes_nothing(fake):
    rec_trade_id = pay(fake).json()["rec_trade_id"]

    assert refund(fake, rec_trade_id, 4501).json()["status"] != 0
    [record] = query(fake, {"rec_trade_id": rec_trade_id}).json()["trade_records"]
    assert (record["record_status"], record["amount"]) == (0, 4500)


@pytest.mark.parametrize("amount", [0, -1, "100", 10.5, True])
def test_a_refund_amount_that_is_not_a_positive_integer_is_refused(fake, amount):
    rec_trade_id = pay(fake).json()["rec_trade_id"]

    assert refund(fake, rec_trade_id, amount).json()["status"] != 0
    assert fake.charges[0].refunded_amount == 0


def test_an_unknown_or_declined_transaction_cannot_be_refunded(fake):
    declined = pay(fake, prime="fake_decline_3").json()["rec_trade_id"]

    assert refund(fake, "D20260101NOSUCHTRADE").json()["status"] != 0
    assert refund(fake, declined).json()["status"] != 0


def test_a_refund_with_a_wrong_partner_key_is_refused(fake):
    rec_trade_id = pay(fake).json()["rec_trade_id"]
    body = {"partner_key": "wrong", "rec_trade_id": rec_trade_id}

    assert post(fake, REFUND_PATH, body, api_key="wrong").json()["status"] != 0
    assert fake.charges[0].refunded_amount == 0


def test_one_prime_sent_by_many_threads_at_once_charges_once(fake):
    barrier = threading.Barrier(8)
    statuses = []

    def attempt(n):
        barrier.wait()
        body = payment(fake, bank_transaction_id=f"TDT-RACE-{n}")
        statuses.append(post(fake, PAY_BY_PRIME_PATH, body).json()["status"])

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses).count(0) == 1
    assert len(fake.charges) == 1


def test_stopping_wakes_a_request_waiting_on_a_timeout_prime():
    fake = FakeTapPay(slow_seconds=30).start()

    def slow_payment():
        try:
            post(fake, PAY_BY_PRIME_PATH, payment(fake, prime="fake_timeout_4"))
        except requests.RequestException:
            pass  # the server may close the connection while shutting down

    thread = threading.Thread(target=slow_payment)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()

    fake.stop()
    thread.join(timeout=5)

    assert not thread.is_alive()
    assert time.monotonic() - started < 3


def test_a_non_ascii_partner_key_is_refused_not_crashed_on(fake):
    body = payment(fake, partner_key="金鑰")

    answer = post(fake, PAY_BY_PRIME_PATH, body, api_key="k\u00e9y")

    assert answer.status_code == 200
    assert answer.json()["status"] != 0


@pytest.mark.parametrize(
    "filters",
    [
        {"bank_transaction_id": 123},
        {"rec_trade_id": ["D1"]},
        {"record_status": "1"},
        {"time": {"start_time": "yesterday"}},
        {"time": [0, 1]},
        {"amount": {"upper_limit": 10.5}},
    ],
)
def test_the_record_api_refuses_filters_of_the_wrong_type(fake, filters):
    pay(fake)

    data = query(fake, filters).json()

    assert data["status"] != 0
    assert "trade_records" not in data


def test_the_record_api_filters_by_amount_time_and_status(fake):
    pay(fake)
    pay(fake, prime="fake_decline_9", amount=2000, bank_transaction_id="TDT-2")
    now = int(time.time() * 1000)

    by_amount = query(fake, {"amount": {"lower_limit": 3000, "upper_limit": 5000}})
    by_status = query(fake, {"record_status": -1})
    by_time = query(fake, {"time": {"start_time": now + 60_000}})

    assert [r["amount"] for r in by_amount.json()["trade_records"]] == [4500]
    assert [r["amount"] for r in by_status.json()["trade_records"]] == [2000]
    assert by_time.json()["trade_records"] == []


@pytest.mark.parametrize("length", ["abc", "-5", str(10**6)])
def test_a_bad_or_huge_content_length_is_refused(fake, length):
    with socket.create_connection(("127.0.0.1", fake.port), timeout=5) as sock:
        sock.sendall(
            f"POST {PAY_BY_PRIME_PATH} HTTP/1.1\r\nHost: x\r\n"
            f"Content-Length: {length}\r\n\r\n{{}}".encode()
        )
        status_line = sock.recv(200).split(b"\r\n", 1)[0]

    assert status_line.split()[1] == b"400"
    assert fake.transactions == []


# --- redirect payments: 3-D Secure, LINE Pay, JKO Pay ---------------------------------

RESULT_URL = {
    "frontend_redirect_url": "https://trip.example.com/order/TDT-ABC123/return",
    "backend_notify_url": "https://trip.example.com/api/tappay/notify",
}


def three_ds(fake, **overrides):
    return pay(
        fake,
        prime="fake_3ds_1",
        three_domain_secure=True,
        result_url=RESULT_URL,
        **overrides,
    )


def record_of(fake, rec_trade_id):
    return query(fake, {"rec_trade_id": rec_trade_id}).json()["trade_records"][0]


def test_a_3ds_card_answers_with_the_challenge_page_and_waits_for_the_buyer(fake):
    fake.notify_mode = "drop"
    answer = three_ds(fake).json()

    assert answer["status"] == 0
    assert answer["payment_url"] == (
        f"{fake.base_url}/fake/redirect/{answer['rec_trade_id']}"
    )
    assert record_of(fake, answer["rec_trade_id"])["record_status"] == 4
    assert fake.charges == []


def test_a_3ds_card_without_3d_secure_is_refused(fake):
    answer = pay(fake, prime="fake_3ds_2").json()

    assert answer["status"] == 75
    assert fake.transactions == []


def test_a_card_not_enrolled_answers_finally_even_with_3d_secure(fake):
    answer = pay(
        fake, prime="tpfake_1", three_domain_secure=True, result_url=RESULT_URL
    ).json()

    assert answer["status"] == 0 and "payment_url" not in answer


@pytest.mark.parametrize(
    "result_url",
    [
        None,
        {"frontend_redirect_url": RESULT_URL["frontend_redirect_url"]},
        {**RESULT_URL, "backend_notify_url": "http://trip.example.com/notify"},
        {**RESULT_URL, "backend_notify_url": "https://trip.example.com:8443/n"},
        {**RESULT_URL, "frontend_redirect_url": "javascript:alert(1)"},
    ],
)
def test_a_redirect_payment_needs_https_result_urls(fake, result_url):
    body = payment(fake, prime="fake_3ds_3", three_domain_secure=True)
    if result_url is not None:
        body["result_url"] = result_url

    answer = post(fake, PAY_BY_PRIME_PATH, body).json()

    assert answer["status"] == 121 and "result_url" in answer["msg"]


def test_loopback_http_result_urls_are_accepted_for_local_sites(fake):
    local = {
        "frontend_redirect_url": "http://127.0.0.1:9600/order/X/return",
        "backend_notify_url": "http://localhost:9600/api/tappay/notify",
    }

    answer = pay(
        fake, prime="fake_3ds_4", three_domain_secure=True, result_url=local
    ).json()

    assert answer["status"] == 0 and answer["payment_url"]


def test_the_challenge_page_completes_redirects_the_browser_and_settles_the_record(
    fake,
):
    fake.notify_mode = "drop"
    answer = three_ds(fake).json()
    page = requests.get(answer["payment_url"], timeout=5)

    assert page.status_code == 200
    assert ">Complete</button>" in page.text and ">Fail</button>" in page.text
    done = requests.post(
        answer["payment_url"],
        data={"action": "complete"},
        allow_redirects=False,
        timeout=5,
    )

    assert done.status_code == 303
    assert done.headers["Location"].startswith(
        RESULT_URL["frontend_redirect_url"] + "?rec_trade_id="
    )
    assert record_of(fake, answer["rec_trade_id"])["record_status"] == 0
    assert [t.amount for t in fake.charges] == [4500]
    again = requests.post(answer["payment_url"], data={"action": "fail"}, timeout=5)
    assert again.status_code == 409


def test_a_failed_challenge_leaves_an_error_record_and_no_charge(fake):
    fake.notify_mode = "drop"
    answer = three_ds(fake).json()

    completion = fake.complete(answer["rec_trade_id"], success=False)

    assert completion.notify_body["status"] != 0
    assert record_of(fake, answer["rec_trade_id"])["record_status"] == -1
    assert fake.charges == []


def test_an_unknown_redirect_page_is_404(fake):
    page = requests.get(f"{fake.base_url}/fake/redirect/D2026NOPE", timeout=5)

    assert page.status_code == 404


@pytest.mark.parametrize(
    ("prime", "merchant"),
    [
        ("fake_linepay_1", "line_pay_merchant_id"),
        ("fake_jkopay_1", "jko_pay_merchant_id"),
    ],
)
def test_wallet_primes_need_the_wallets_merchant_id_and_answer_with_its_page(
    fake, prime, merchant
):
    wrong = pay(fake, prime=prime, result_url=RESULT_URL).json()
    right = pay(
        fake,
        prime=prime + "b",
        merchant_id=getattr(fake, merchant),
        result_url=RESULT_URL,
        bank_transaction_id="TDT-ABC123-2",
    ).json()

    assert wrong["status"] != 0
    assert right["status"] == 0 and right["payment_url"]
    assert record_of(fake, right["rec_trade_id"])["pay_info"]["method"] in (
        "LINEPAY",
        "JKOPAY",
    )


class NotifySink:
    """A local HTTP endpoint that records the notifies it receives."""

    def __init__(self):
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        sink = self
        self.bodies = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                sink.bodies.append(self.rfile.read(length))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/notify"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize(("mode", "count"), [("before", 1), ("after", 1), ("twice", 2)])
def test_the_notify_is_posted_as_the_mode_says(fake, mode, count):
    sink = NotifySink()
    try:
        fake.notify_mode = mode
        local = {
            "frontend_redirect_url": "http://127.0.0.1/return",
            "backend_notify_url": sink.url,
        }
        answer = pay(
            fake, prime="fake_3ds_n", three_domain_secure=True, result_url=local
        ).json()

        fake.complete(answer["rec_trade_id"], success=True)
        if mode == "before":
            assert len(sink.bodies) == 1  # sent before complete() returned

        assert fake.wait_for_notifications(count) == [200] * count
        assert b'"rec_trade_id": "' + answer["rec_trade_id"].encode() in sink.bodies[0]
    finally:
        sink.close()


def test_a_dropped_notify_is_never_sent(fake):
    fake.notify_mode = "drop"
    answer = three_ds(fake).json()

    fake.complete(answer["rec_trade_id"], success=True)

    time.sleep(0.5)
    assert fake.notifications == []
