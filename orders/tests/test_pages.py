import pytest

pytestmark = pytest.mark.django_db


def test_the_thank_you_page_names_the_order_number_for_its_module(client):
    html = client.get("/thankyou", {"number": "TP2611ABCD"}).content.decode()

    assert 'data-number="TP2611ABCD"' in html
    assert '<script type="module" src="/static/js/thankyou.js"' in html


def test_the_thank_you_page_escapes_a_hostile_order_number(client):
    html = client.get("/thankyou", {"number": '"><script>alert(1)</script>'}).content

    assert b"<script>alert(1)" not in html
    assert b"&quot;&gt;&lt;script&gt;" in html


def test_the_thank_you_page_without_a_number_still_renders(client):
    response = client.get("/thankyou")

    assert response.status_code == 200
    assert 'data-number=""' in response.content.decode()


def test_the_thank_you_page_can_take_a_card_for_an_unpaid_order(client, settings):
    settings.TAPPAY_SDK_URL = "/static/js/tappay-fake-sdk.js"
    settings.TAPPAY_APP_ID = "11327"

    html = client.get("/thankyou", {"number": "X"}).content.decode()

    assert '<script src="/static/js/tappay-fake-sdk.js" defer>' in html
    assert 'data-tappay-app-id="11327"' in html


def test_the_order_history_page_renders_for_its_module(client):
    response = client.get("/orders")

    assert response.status_code == 200
    html = response.content.decode()
    assert "歷史訂單" in html
    assert '<script type="module" src="/static/js/history.js"' in html


def test_the_order_history_path_is_the_page_not_the_api(client):
    # /api/orders is the JSON list; /orders without the prefix is the page.
    assert client.get("/orders")["Content-Type"].startswith("text/html")


def test_the_order_page_names_the_order_and_states_the_cancellation_policy(client):
    html = client.get("/order/TDT-AAAA-BBBB-CCCC").content.decode()

    assert 'data-number="TDT-AAAA-BBBB-CCCC"' in html
    assert '<script type="module" src="/static/js/order.js"' in html
    assert "行程開始前 24 小時以前取消可全額退款" in html


def test_the_order_page_escapes_a_hostile_number(client):
    html = client.get('/order/"><script>alert(1)<').content

    assert b"<script>alert(1)" not in html


def test_the_thank_you_page_links_to_the_order_page(client):
    html = client.get("/thankyou", {"number": "TDT-AAAA"}).content.decode()

    assert 'href="/order/TDT-AAAA"' in html
