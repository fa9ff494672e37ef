"""The browser stand-in for TPDirect, driven in Chromium under a strict CSP.

The page is served through Playwright routes (no Django server needed); the primes it
hands out are then charged through the real client against the fake gateway.
"""

from pathlib import Path

import pytest

from orders import tappay
from orders.tappay import GatewayError

pytestmark = pytest.mark.e2e

SDK = Path(__file__).resolve().parents[1] / "static" / "js" / "tappay-fake-sdk.js"
ORIGIN = "http://shop.test"
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'"

PAGE = """<!doctype html>
<html lang="zh-Hant"><head><meta charset="utf-8"><title>付款</title>
<script src="/tappay-fake-sdk.js"></script><script src="/setup.js" defer></script>
</head><body>
<label for="card-number">卡片號碼</label><div id="card-number"></div>
<div id="card-expiration-date"></div>
<div id="card-ccv"></div>
</body></html>"""

SETUP = """
window.violations = [];
window.updates = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.violations.push(e.violatedDirective);
});
TPDirect.setupSDK(12345, "app_fake_key", "sandbox");
TPDirect.card.onUpdate(function (update) { window.updates.push(update); });
TPDirect.card.setup({fields: {
  number: {element: "#card-number", placeholder: "**** **** **** ****"},
  expirationDate: {element: document.getElementById("card-expiration-date")},
  ccv: {element: "#card-ccv", placeholder: "CCV"}
}});
window.primeResult = function () {
  return new Promise(function (resolve) { TPDirect.card.getPrime(resolve); });
};
"""


@pytest.fixture
def card_page(page):
    def serve(route):
        path = route.request.url.removeprefix(ORIGIN)
        if path == "/tappay-fake-sdk.js":
            route.fulfill(body=SDK.read_text(), content_type="text/javascript")
        elif path == "/setup.js":
            route.fulfill(body=SETUP, content_type="text/javascript")
        else:
            route.fulfill(
                body=PAGE,
                content_type="text/html; charset=utf-8",
                headers={"Content-Security-Policy": CSP},
            )

    page.route(ORIGIN + "/**", serve)
    page.goto(ORIGIN + "/")
    page.wait_for_function("window.primeResult !== undefined")
    return page


def fill_card(page, number, expiry="12 / 35", ccv="123"):
    page.get_by_label("卡片號碼").press_sequentially(number)
    page.get_by_label("有效期限（月 / 年）").press_sequentially(expiry)
    page.get_by_label("安全碼").press_sequentially(ccv)


def get_prime(page):
    return page.evaluate("window.primeResult()")


def test_the_fields_are_labelled_inputs_mounted_without_inline_styles(card_page):
    number = card_page.get_by_label("卡片號碼")

    assert number.get_attribute("class") == "tpfake-input tpfake-input--number"
    assert number.get_attribute("autocomplete") == "cc-number"
    assert card_page.locator("#card-expiration-date input").count() == 1
    assert card_page.locator("[style]").count() == 0
    assert card_page.evaluate("window.violations") == []


def test_the_test_card_gives_a_fresh_prime_with_the_real_result_shape(card_page):
    fill_card(card_page, "4242 4242 4242 4242")

    first = get_prime(card_page)
    second = get_prime(card_page)

    assert first["status"] == 0
    assert first["card"]["lastfour"] == "4242"
    assert first["card"]["bincode"] == "424242"
    assert first["clientip"]
    assert first["card"]["prime"] != second["card"]["prime"]
    update = card_page.evaluate("TPDirect.card.getTappayFieldsStatus()")
    assert update == {
        "cardType": "visa",
        "canGetPrime": True,
        "hasError": False,
        "status": {"number": 0, "expiry": 0, "ccv": 0},
    }


def test_on_update_reports_typing_then_errors(card_page):
    card_page.get_by_label("卡片號碼").press_sequentially("4242")
    typing = card_page.evaluate("window.updates[window.updates.length - 1]")
    card_page.get_by_label("卡片號碼").press_sequentially("424242424241")
    wrong = card_page.evaluate("window.updates[window.updates.length - 1]")

    assert typing["status"] == {"number": 3, "expiry": 1, "ccv": 1}
    assert typing["canGetPrime"] is False and typing["hasError"] is False
    assert wrong["status"]["number"] == 2 and wrong["hasError"] is True
    assert card_page.get_by_label("卡片號碼").get_attribute("aria-invalid") == "true"
    assert "has-error" in card_page.locator("#card-number").get_attribute("class")


@pytest.mark.parametrize(
    ("number", "expiry", "ccv"),
    [
        ("4242 4242 4242 4241", "12 / 35", "123"),
        ("4242 4242 4242 4242", "01 / 20", "123"),
        ("4242 4242 4242 4242", "13 / 35", "123"),
        ("4242 4242 4242 4242", "12 / 35", "12"),
        ("4242 4242", "12 / 35", "123"),
    ],
)
def test_an_invalid_card_gets_no_prime(card_page, number, expiry, ccv):
    fill_card(card_page, number, expiry, ccv)

    result = get_prime(card_page)

    assert result["status"] != 0
    assert result["msg"]
    assert "card" not in result


def test_the_special_cards_map_to_the_fakes_special_primes(card_page):
    primes = {}
    for number in (
        "4000000000000002",
        "4000000000000119",
        "4000000000000500",
        "4000000000003220",
    ):
        card_page.reload()
        card_page.wait_for_function("window.primeResult !== undefined")
        fill_card(card_page, number)
        primes[number] = get_prime(card_page)["card"]["prime"]

    assert primes["4000000000000002"].startswith("fake_decline")
    assert primes["4000000000000119"].startswith("fake_timeout")
    assert primes["4000000000000500"].startswith("fake_error500")
    assert primes["4000000000003220"].startswith("fake_3ds_")
    assert card_page.evaluate("window.violations") == []


def test_the_wallets_give_their_primes_in_the_real_sdks_callback_forms(card_page):
    line_pay = card_page.evaluate(
        "new Promise(r => TPDirect.linePay.getPrime((...args) => r(args)))"
    )
    jko_pay = card_page.evaluate(
        "new Promise(r => TPDirect.jkoPay.getPrime((...args) => r(args)))"
    )

    assert len(line_pay) == 1 and line_pay[0]["status"] == 0
    assert line_pay[0]["prime"].startswith("fake_linepay_")
    assert jko_pay[0] is None and jko_pay[1]["prime"].startswith("fake_jkopay_")


def charge_with(prime, n):
    return tappay.pay_by_prime(
        prime=prime,
        amount=2000,
        details="台北101 上半天",
        cardholder={"phone_number": "0912345678", "name": "小明", "email": "m@x.tw"},
        order_number=f"TDT-SDK{n}",
        bank_transaction_id=f"TDT-SDK{n}-1",
    )


def test_browser_primes_drive_the_fake_gateway_end_to_end(card_page, fake_tappay):
    results = {}
    for n, number in enumerate(
        ("4242424242424242", "4000000000000002", "4000000000000119", "4000000000000500")
    ):
        card_page.reload()
        card_page.wait_for_function("window.primeResult !== undefined")
        fill_card(card_page, number)
        prime = get_prime(card_page)["card"]["prime"]
        try:
            results[number] = charge_with(prime, n).status
        except GatewayError:
            results[number] = "unknown"

    assert results["4242424242424242"] == 0
    assert results["4000000000000002"] not in (0, "unknown")
    assert results["4000000000000119"] == "unknown"
    assert results["4000000000000500"] == "unknown"
    assert len(fake_tappay.charges) == 2  # the approved and the timed-out charge
