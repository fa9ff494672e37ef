import json

import pytest
from django.urls import Resolver404, resolve

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DIALOG = "#auth-modal"


def members_api_exists() -> bool:
    try:
        resolve("/api/user")
    except Resolver404:
        return False
    return True


def test_the_cart_link_signed_out_opens_the_sign_in_dialog(page, site):
    page.goto(site + "/")

    page.get_by_role("link", name="預訂行程").click()

    page.locator(DIALOG).wait_for(state="visible")
    assert page.url.rstrip("/") == site
    assert page.evaluate("() => document.activeElement.name") == "email"


def test_escape_closes_the_dialog_and_gives_focus_back(page, site):
    page.goto(site + "/")
    opener = page.get_by_role("button", name="登入/註冊")

    opener.click()
    page.locator(DIALOG).wait_for(state="visible")
    page.keyboard.press("Escape")

    page.locator(DIALOG).wait_for(state="hidden")
    assert page.evaluate("() => document.activeElement.dataset.authOpen") == ""


def test_tab_stays_inside_the_dialog(page, site):
    page.goto(site + "/")
    page.get_by_role("button", name="登入/註冊").click()

    for _ in range(12):
        page.keyboard.press("Tab")
        assert page.evaluate(
            "() => document.getElementById('auth-modal').contains(document.activeElement)"
        )


def test_empty_fields_are_reported_inside_the_dialog(page, site):
    page.goto(site + "/")
    page.get_by_role("button", name="登入/註冊").click()

    page.get_by_role("button", name="登入帳戶").click()

    assert page.locator("[data-auth-message]").inner_text() == "請填寫所有欄位"


def test_the_dialog_switches_between_sign_in_and_sign_up(page, site):
    page.goto(site + "/")
    page.get_by_role("button", name="登入/註冊").click()

    page.get_by_role("button", name="點此註冊").click()
    assert page.get_by_role("heading", name="註冊會員帳號").is_visible()
    assert page.get_by_role("button", name="註冊新帳戶").is_visible()
    page.get_by_role("button", name="點此登入").click()
    assert page.get_by_role("heading", name="登入會員帳號").is_visible()


def test_a_server_error_message_is_shown_inside_the_dialog(page, site):
    page.route(
        "**/api/user/auth",
        lambda route: route.fulfill(
            status=400,
            content_type="application/json",
            body=json.dumps({"error": True, "message": "電子信箱或密碼錯誤"}),
        ),
    )
    page.goto(site + "/")
    page.get_by_role("button", name="登入/註冊").click()

    page.fill(f"{DIALOG} [data-auth-form=signin] [name=email]", "who@example.com")
    page.fill(f"{DIALOG} [data-auth-form=signin] [name=password]", "wrong password")
    page.get_by_role("button", name="登入帳戶").click()

    message = page.locator("[data-auth-message]")
    message.filter(has_text="電子信箱或密碼錯誤").wait_for()
    assert page.locator(DIALOG).is_visible()


def test_a_signed_in_member_sees_the_member_menu_and_can_sign_out(page, site):
    """The Members API is stubbed here: this checks the nav bar's side of the contract."""
    calls = []

    def members_api(route):
        calls.append(route.request.method)
        body = {"ok": True}
        if route.request.method == "GET":
            body = {
                "data": {
                    "id": 1,
                    "name": "小明",
                    "email": "ming@example.com",
                    "phone": "",
                    "avatar": None,
                }
            }
        route.fulfill(content_type="application/json", body=json.dumps(body))

    page.route("**/api/user/auth", members_api)
    page.goto(site + "/")
    page.evaluate("() => localStorage.setItem('token', 'a-token')")
    page.reload()

    toggle = page.get_by_role("button", name="小明")
    toggle.click()
    assert page.get_by_role("link", name="會員中心").get_attribute("href") == "/member"
    assert page.get_by_role("link", name="歷史訂單").get_attribute("href") == "/orders"
    assert page.get_by_role("button", name="登入/註冊").is_hidden()
    page.get_by_role("button", name="登出系統").click()
    page.wait_for_function("() => localStorage.getItem('token') === null")

    assert "DELETE" in calls


@pytest.mark.skipif(
    not members_api_exists(), reason="the Members API (accounts branch) is not merged"
)
def test_a_visitor_signs_up_then_signs_in_through_the_dialog(page, site):
    page.goto(site + "/")
    page.get_by_role("button", name="登入/註冊").click()
    page.get_by_role("button", name="點此註冊").click()

    signup = page.locator(f"{DIALOG} [data-auth-form=signup]")
    signup.locator("[name=name]").fill("小美")
    signup.locator("[name=email]").fill("mei@example.com")
    signup.locator("[name=password]").fill("a long pass phrase 7")
    page.get_by_role("button", name="註冊新帳戶").click()

    page.locator("[data-auth-message]").filter(
        has_text="註冊成功，請登入系統"
    ).wait_for()
    signin = page.locator(f"{DIALOG} [data-auth-form=signin]")
    assert signin.locator("[name=email]").input_value() == "mei@example.com"
    signin.locator("[name=password]").fill("a long pass phrase 7")
    page.get_by_role("button", name="登入帳戶").click()

    page.get_by_role("button", name="小美").wait_for()
    assert page.evaluate("() => localStorage.getItem('token')")
    assert page.get_by_role("button", name="登入/註冊").is_hidden()


@pytest.mark.skipif(
    not members_api_exists(), reason="the Members API (accounts branch) is not merged"
)
def test_signing_up_twice_with_one_email_shows_the_error_inside(page, site, user):
    page.goto(site + "/")
    page.get_by_role("button", name="登入/註冊").click()
    page.get_by_role("button", name="點此註冊").click()

    signup = page.locator(f"{DIALOG} [data-auth-form=signup]")
    signup.locator("[name=name]").fill("重複")
    signup.locator("[name=email]").fill(user.email)
    signup.locator("[name=password]").fill("a long pass phrase 7")
    page.get_by_role("button", name="註冊新帳戶").click()

    message = page.locator("[data-auth-message]")
    page.wait_for_function(
        "() => !['', '處理中…'].includes("
        "document.querySelector('[data-auth-message]').textContent)"
    )
    assert message.get_attribute("data-kind") == "error"
    assert page.get_by_role("heading", name="註冊會員帳號").is_visible()


def test_an_expired_token_is_dropped_and_the_visitor_is_signed_out(page, site):
    page.route(
        "**/api/user/auth",
        lambda route: route.fulfill(
            content_type="application/json", body='{"data": null}'
        ),
    )
    page.add_init_script(
        "if (!sessionStorage.getItem('seeded')) {"
        " sessionStorage.setItem('seeded', '1');"
        " localStorage.setItem('token', 'expired'); }"
    )
    page.goto(site + "/")

    page.wait_for_function("() => localStorage.getItem('token') === null")
    assert page.get_by_role("button", name="登入/註冊").is_visible()
    assert page.locator("[data-member-menu]").is_hidden()


def test_the_dialog_opens_and_signs_in_by_keyboard_alone(page, site):
    page.goto(site + "/")

    page.get_by_role("button", name="登入/註冊").focus()
    page.keyboard.press("Enter")
    page.keyboard.type("who@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("some password")
    page.keyboard.press("Enter")

    message = page.locator("[data-auth-message]")
    page.wait_for_function(
        "() => !['', '處理中…'].includes("
        "document.querySelector('[data-auth-message]').textContent)"
    )
    assert page.locator(DIALOG).is_visible()
    assert message.inner_text()


@pytest.mark.skipif(
    not members_api_exists(), reason="the Members API (accounts branch) is not merged"
)
def test_the_members_api_takes_json_from_a_browser_without_a_csrf_token(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/api/user",
        {
            "name": "阿明",
            "email": "ming@example.com",
            "password": "a long pass phrase 7",
        },
        content_type="application/json",
    )

    assert response.status_code == 200, response.content


def test_the_member_menu_button_keeps_its_name_on_a_phone(page, site):
    page.route(
        "**/api/user/auth",
        lambda route: route.fulfill(
            content_type="application/json",
            body=json.dumps(
                {"data": {"id": 1, "name": "小明", "email": "m@example.com",
                          "phone": "", "avatar": None}}
            ),
        ),
    )  # fmt: skip
    page.add_init_script("localStorage.setItem('token', 'a-token')")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site + "/")

    toggle = page.get_by_role("button", name="小明")
    toggle.wait_for()
    assert page.locator("[data-member-name]").bounding_box()["width"] <= 1
    toggle.click()
    assert page.get_by_role("link", name="會員中心").is_visible()
