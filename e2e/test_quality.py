"""Page quality in a real browser: the CSP holds and axe-core finds no serious problems."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from e2e.conftest import CLS_RECORDER, csp_violations, run_axe
from e2e.staff import sign_in_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PAGES = [
    "/",
    "/attraction/1",
    "/attraction/99999",
    "/no-such-page",
    "/?keyword=不存在",
    "/help/terms",
    "/help/privacy",
    "/help/refunds",
    "/reset/MQ/not-a-token",
    "/verify/not-a-token",
]


@pytest.mark.parametrize("path", PAGES)
def test_the_page_breaks_no_rule_of_the_content_security_policy(
    page, console, site, catalogue, path
):
    response = page.goto(site + path)
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="登入/註冊").click()
    page.keyboard.press("Escape")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert csp_violations(page) == []
    assert console.csp_errors() == []
    assert not [line for line in console if line.startswith("pageerror")]


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(page, site, catalogue, path):
    page.goto(site + path)
    page.wait_for_load_state("networkidle")

    assert run_axe(page) == []


@pytest.mark.parametrize("form", ["signin", "signup", "forgot"])
def test_axe_finds_no_serious_violation_in_the_open_dialog(page, site, catalogue, form):
    page.goto(site + "/")
    page.get_by_role("button", name="登入/註冊").click()
    if form == "signup":
        page.get_by_role("button", name="點此註冊").click()
    elif form == "forgot":
        page.get_by_role("button", name="忘記密碼？").click()
    expect(page.locator(f"[data-auth-form='{form}']")).to_be_visible()

    assert run_axe(page) == []


def test_a_members_page_signed_out_opens_the_dialog_with_no_serious_violation(
    page, site
):
    page.goto(site + "/booking")
    expect(page.get_by_role("dialog")).to_be_visible()

    assert run_axe(page) == []


def test_the_live_reset_and_verification_links_have_no_serious_violation(
    page, site, user
):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from accounts.membership import verification_url

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    page.goto(f"{site}/reset/{uid}/{default_token_generator.make_token(user)}")
    expect(page.get_by_role("button", name="設定新密碼")).to_be_visible()
    assert run_axe(page) == []

    page.goto(site + urlsplit(verification_url(user)).path)
    expect(page.get_by_text("已驗證完成")).to_be_visible()
    assert run_axe(page) == []


@pytest.mark.urls("scripts.measure_urls")
def test_the_500_page_has_no_serious_violation(page, site):
    from taipei_trip.testing import SERVER_ERROR_PATH

    response = page.goto(site + SERVER_ERROR_PATH)

    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "網站暫時無法完成您的要求"
    )
    assert run_axe(page) == []


@pytest.mark.parametrize("width", [340, 360, 390, 759, 760, 1024, 1440])
def test_the_card_grid_has_two_columns_on_phones_and_four_on_desktop(
    page, site, catalogue, width
):
    expected = 1 if width < 360 else 2 if width < 760 else 3 if width < 1024 else 4
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + "/")

    tops = page.locator(".cards .card").evaluate_all(
        "cards => cards.slice(0, 8).map(card => card.getBoundingClientRect().top)"
    )

    assert tops.count(tops[0]) == expected


def test_the_page_does_not_scroll_sideways_on_a_small_phone(page, site, catalogue):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ["/", "/attraction/1", "/attraction/99999", "/help/privacy"]:
        page.goto(site + path)
        assert page.evaluate(
            "() => document.documentElement.scrollWidth <= window.innerWidth"
        ), path


ADMIN_PAGES = [
    "/admin/",
    "/admin/attractions/attraction/",
    "/admin/attractions/attraction/?q=北投&category__id__exact=1",
    "/admin/attractions/attraction/add/",
    "/admin/attractions/attraction/1/change/",
    "/admin/attractions/attraction/1/history/",
    "/admin/attractions/attraction/1/delete/",
    "/admin/attractions/category/add/?_popup=1&_to_field=id",
    "/admin/roster/",
    "/admin/backup-codes/",
    "/admin/orders/order/?trip_date=tomorrow",
]


def test_the_admin_works_under_the_same_content_security_policy(
    page, console, site, catalogue, admin_user
):
    sign_in_staff(page, site, admin_user)

    for path in ADMIN_PAGES:
        response = page.goto(site + path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        assert "style-src 'self';" in response.headers["content-security-policy"]
        assert csp_violations(page) == [], path
    page.goto(site + "/admin/attractions/attraction/")
    page.click("#action-toggle")

    assert page.locator("#result_list input.action-select:checked").count() > 0
    assert console.csp_errors() == []
    assert not [line for line in console if line.startswith("pageerror")]


def test_axe_finds_no_serious_violation_in_the_open_member_menu(
    page, site, catalogue, user, token
):
    page.add_init_script(f"localStorage.setItem('token', {token!r})")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(site + "/")

    page.get_by_role("button", name=user.name).click()
    page.get_by_role("link", name="會員中心").wait_for()

    assert run_axe(page) == []


@pytest.mark.parametrize("path", ["/", "/attraction/1"])
@pytest.mark.parametrize("width", [390, 1280])
def test_photos_failing_or_loading_do_not_shift_the_layout(
    page, site, catalogue, path, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.add_init_script(CLS_RECORDER)
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(500)

    assert page.evaluate("() => window.__layoutShift") < 0.01
