"""Page quality in a real browser: the CSP holds and axe-core finds no serious problems."""

import pytest

from e2e.conftest import csp_violations, run_axe
from e2e.staff import sign_in_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PAGES = [
    "/",
    "/attraction/1",
    "/attraction/99999",
    "/?keyword=不存在",
    "/help/terms",
    "/help/privacy",
    "/help/refunds",
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


def test_axe_finds_no_serious_violation_in_the_open_dialog(page, site, catalogue):
    page.goto(site + "/")
    page.get_by_role("button", name="登入/註冊").click()
    page.get_by_role("button", name="點此註冊").click()

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


CLS_RECORDER = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""


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
