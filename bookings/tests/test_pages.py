import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def tappay_settings(settings):
    settings.TAPPAY_APP_ID = "11327"
    settings.TAPPAY_APP_KEY = "app_public_key_abc"
    settings.TAPPAY_SERVER_TYPE = "sandbox"
    settings.TAPPAY_SDK_URL = "https://js.tappaysdk.com/sdk/tpdirect/v5.18.0"
    settings.TAPPAY_PARTNER_KEY = "partner_key_that_must_stay_on_the_server"
    return settings


def test_the_booking_page_loads_the_tappay_sdk_before_its_module(
    client, tappay_settings
):
    html = client.get("/booking").content.decode()

    sdk = html.index('<script src="https://js.tappaysdk.com/sdk/tpdirect/v5.18.0"')
    module = html.index('<script type="module" src="/static/js/booking.js"')
    assert sdk < module


def test_the_booking_page_hands_the_public_tappay_values_to_its_form(
    client, tappay_settings
):
    html = client.get("/booking").content.decode()

    assert 'data-tappay-app-id="11327"' in html
    assert 'data-tappay-app-key="app_public_key_abc"' in html
    assert 'data-tappay-server-type="sandbox"' in html


def test_the_booking_page_never_carries_the_partner_key(client, tappay_settings):
    assert (
        b"partner_key_that_must_stay_on_the_server"
        not in client.get("/booking").content
    )


def test_the_booking_page_loads_the_fake_sdk_in_fake_gateway_mode(client, settings):
    settings.TAPPAY_SDK_URL = "/static/js/tappay-fake-sdk.js"

    html = client.get("/booking").content.decode()

    assert '<script src="/static/js/tappay-fake-sdk.js" defer>' in html


def test_the_booking_page_csp_lets_the_remote_sdk_load_and_nothing_inline(
    client, tappay_settings
):
    policy = client.get("/booking")["Content-Security-Policy"]

    script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
    assert "https://js.tappaysdk.com" in script_src
    assert "'unsafe-inline'" not in policy


def test_the_booking_page_has_the_copy_the_design_asks_for(client):
    html = client.get("/booking").content.decode()

    assert "目前沒有任何待預訂的行程" in html
    assert "確認訂購並付款" in html
    assert 'href="/static/css/pages.css"' in html
