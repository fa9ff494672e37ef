"""Screenshots of every page at 390 px and 1280 px wide, into screenshots/ (git-ignored).

Usage: `make screenshots` (or `.venv/bin/python scripts/screenshots.py`). Starts its own
server on a free port with a temporary SQLite database and the real open data (and
scripts/measure_urls.py's failing URL, for the 500 page). Pages for members are taken
signed in as the demo member of scripts/demo.py; remote photos are blocked, as offline.
"""

from __future__ import annotations

import sys
from pathlib import Path

from demo import demo_member
from launcher import CHROMIUM, CHROMIUM_ARGS, PROJECT, SERVER_ERROR_PATH, running_site
from playwright.sync_api import Page, sync_playwright

OUT = PROJECT / "screenshots"
WIDTHS = [390, 1280]

# name, path, needs a signed-in member, what to do before the shot
PAGES: list[tuple[str, str, bool, str | None]] = [
    ("home", "/", False, None),
    ("home-search-mrt", "/?keyword=新北投", False, None),
    ("home-no-result", "/?keyword=沒有這個景點", False, None),
    ("home-suggestions", "/", False, "suggest"),
    ("home-load-error", "/", False, "load-error"),
    ("home-sign-in", "/", False, "sign-in"),
    ("home-sign-up", "/", False, "sign-up"),
    ("home-forgot-password", "/", False, "forgot-password"),
    ("attraction", "/attraction/1", False, None),
    ("attraction-no-mrt", "/attraction/26", False, None),
    ("attraction-date-picked", "/attraction/1", False, "pick-date"),
    ("en-home", "/en/", False, None),
    ("en-home-languages", "/en/", False, "languages"),
    ("en-attraction", "/en/attraction/1", False, None),
    ("en-attraction-date-picked", "/en/attraction/1", False, "pick-date"),
    ("ja-home", "/ja/", False, None),
    ("ja-home-no-result", "/ja/?keyword=該当なし", False, None),
    ("ja-attraction", "/ja/attraction/1", False, None),
    ("ja-attraction-date-picked", "/ja/attraction/1", False, "pick-date"),
    ("not-found", "/attraction/99999", False, None),
    ("not-found-path", "/no-such-page", False, None),
    ("server-error", SERVER_ERROR_PATH, False, None),
    ("booking-signed-out", "/booking", False, None),
    ("home-member", "/", True, "member-menu"),
    ("booking", "/booking", True, None),
    ("booking-errors", "/booking", True, "checkout-errors"),
    ("thankyou", "/thankyou?number={paid}", True, None),
    ("thankyou-unpaid", "/thankyou?number={failed}", True, None),
    ("thankyou-not-found", "/thankyou?number=NOSUCHORDER", True, None),
    ("order", "/order/{paid}", True, None),
    ("order-unpaid", "/order/{failed}", True, None),
    ("member", "/member", True, None),
    ("member-errors", "/member", True, "member-errors"),
    ("member-loading", "/member", True, "member-loading"),
    ("member-load-error", "/member", True, "member-load-error"),
    ("orders", "/orders", True, None),
    ("en-booking", "/en/booking", True, None),
    ("en-booking-errors", "/en/booking", True, "checkout-errors"),
    ("en-thankyou", "/en/thankyou?number={paid}", True, None),
    ("en-order", "/en/order/{paid}", True, None),
    ("en-orders", "/en/orders", True, None),
    ("en-member", "/en/member", True, None),
    ("ja-booking", "/ja/booking", True, None),
    ("ja-booking-errors", "/ja/booking", True, "checkout-errors"),
    ("ja-thankyou", "/ja/thankyou?number={paid}", True, None),
    ("ja-order", "/ja/order/{paid}", True, None),
    ("ja-orders", "/ja/orders", True, None),
    ("ja-member", "/ja/member", True, None),
    ("en-sign-in", "/en/", False, "sign-in"),
    ("ja-sign-in", "/ja/", False, "sign-in"),
    ("terms", "/help/terms", False, None),
    ("privacy", "/help/privacy", False, None),
    ("refunds", "/help/refunds", False, None),
    ("reset", "{reset}", False, None),
    ("reset-invalid", "/reset/MQ/not-a-token", False, None),
    ("verify-invalid", "/verify/not-a-token", False, None),
    # Last: it verifies the demo member's address, whose banner the pages above show.
    ("verify", "{verify}", False, None),
]


def load_every_page(page: Page) -> None:
    """Infinite scroll keeps a screen of room below the cards while pages remain."""
    for _ in range(40):
        if page.locator("[data-attractions][data-has-more]").count() == 0:
            break
        page.keyboard.press("End")
        page.wait_for_timeout(200)
    page.keyboard.press("Home")
    # A full-page shot taken before the page is back at the top paints the sticky nav
    # mid-page and leaves the top bar empty.
    # (Polled from here: wait_for_function evaluates a string, which the CSP forbids.)
    for _ in range(50):
        if page.evaluate("() => window.scrollY") == 0:
            break
        page.wait_for_timeout(100)


FAILING_ANSWER = {
    "status": 503,
    "content_type": "application/json",
    "body": '{"error": true, "message": "x"}',
}


def before_loading(context, action: str | None) -> None:
    """States a page shows while (or because) its first request is held or fails."""
    if action == "member-loading":
        context.route("**/api/user/auth", lambda route: None)  # never answered
    elif action == "member-load-error":
        context.route("**/api/user/auth", lambda route: route.fulfill(**FAILING_ANSWER))


def prepare_page(page: Page, action: str | None) -> None:
    if action is None and page.locator("[data-attractions]").count():
        load_every_page(page)
    if action == "suggest":
        page.locator("#keyword").press_sequentially("北投")
        page.get_by_role("listbox").wait_for()
        page.keyboard.press("ArrowDown")
    elif action == "load-error":
        page.route(
            "**/api/attractions?*", lambda route: route.fulfill(**FAILING_ANSWER)
        )
        page.keyboard.press("End")
        page.get_by_role("button", name="重新載入").wait_for()
    elif action == "sign-in":
        page.locator("[data-auth-open]").first.click()
    elif action == "languages":
        page.locator("summary.language-switch__toggle").click()
    elif action == "sign-up":
        page.get_by_role("button", name="登入/註冊").click()
        page.get_by_role("button", name="點此註冊").click()
    elif action == "forgot-password":
        page.get_by_role("button", name="登入/註冊").click()
        page.get_by_role("button", name="忘記密碼？").click()
    elif action == "pick-date":
        page.locator("[data-calendar]:not([aria-busy]) [data-date]").first.wait_for()
        page.locator("[data-date]:not([aria-disabled])").nth(3).click()
    elif action == "member-menu":
        toggle = page.locator("[data-member-toggle]")
        if toggle.is_visible():
            toggle.click()
    elif action == "checkout-errors":
        # Every checkout message at once: a wrong phone and a card that fails its check.
        page.locator("#contact-phone").fill("0212")
        page.locator("[data-card-field='number'] input").fill("4242 4242 4242 4241")
        page.locator("[data-pay]").click()
    elif action == "member-errors":
        page.locator("#profile-phone").fill("12345")
        page.get_by_role("button", name="儲存個人資料").click()
        page.locator("#password-new").fill("short")
        page.get_by_role("button", name="變更密碼").click()
    if action and action.endswith("-errors"):
        # A full-page shot of a scrolled page would paint the sticky nav mid-page.
        page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(400)


def shoot(base: str, demo: dict[str, str], pages: list[tuple]) -> list[Path]:
    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        # Page by page, both widths together: the last page changes the demo member.
        for name, path, signed_in, action in pages:
            for width in WIDTHS:
                context = browser.new_context(
                    viewport={"width": width, "height": 900},
                    device_scale_factor=1,
                    locale="zh-TW",
                    timezone_id="Asia/Taipei",
                )
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if route.request.url.startswith(base)
                        else route.abort()
                    ),
                )
                if signed_in:
                    context.add_init_script(
                        f"localStorage.setItem('token', {demo['token']!r});"
                    )
                before_loading(context, action)
                page = context.new_page()
                waiting = "load" if action == "member-loading" else "networkidle"
                page.goto(base + path.format(**demo), wait_until=waiting)
                prepare_page(page, action)
                target = OUT / f"{name}-{width}.png"
                full_page = action is None or action.endswith("-errors")
                page.screenshot(path=str(target), full_page=full_page)
                taken.append(target)
                context.close()
        browser.close()
    return taken


def main() -> None:
    # `--only PREFIX ...`: the pages whose name starts with a prefix (e.g. en- ja-).
    only = sys.argv[sys.argv.index("--only") + 1 :] if "--only" in sys.argv else []
    pages = [page for page in PAGES if not only or page[0].startswith(tuple(only))]
    OUT.mkdir(exist_ok=True)
    with running_site(settings_module="scripts.measure_settings") as (base, env):
        taken = shoot(base, demo_member(env), pages)
    for path in taken:
        print(path.relative_to(PROJECT))
    print(f"{len(taken)} screenshots in {OUT.relative_to(PROJECT)}/")


if __name__ == "__main__":
    main()
