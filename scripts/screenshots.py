"""Screenshots of every page at 390 px and 1280 px wide, into screenshots/ (git-ignored).

Usage: `make screenshots` (or `.venv/bin/python scripts/screenshots.py`). Starts its own
server on a free port with a temporary SQLite database and the real open data. Pages for
members are taken signed in as a demo member; remote photos are blocked, as offline.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from sitetools import CHROMIUM, CHROMIUM_ARGS, PYTHON, ROOT, running_site

OUT = ROOT / "screenshots"
WIDTHS = [390, 1280]
DEMO_EMAIL = "demo@example.com"

# name, path, needs a signed-in member, what to do before the shot
PAGES: list[tuple[str, str, bool, str | None]] = [
    ("home", "/", False, None),
    ("home-search-mrt", "/?keyword=新北投", False, None),
    ("home-no-result", "/?keyword=沒有這個景點", False, None),
    ("home-sign-in", "/", False, "sign-in"),
    ("home-sign-up", "/", False, "sign-up"),
    ("attraction", "/attraction/1", False, None),
    ("attraction-no-mrt", "/attraction/26", False, None),
    ("not-found", "/attraction/99999", False, None),
    ("home-member", "/", True, "member-menu"),
    ("booking", "/booking", True, None),
    ("thankyou", "/thankyou?number=DEMO", True, None),
    ("member", "/member", True, None),
    ("orders", "/orders", True, None),
]

MAKE_MEMBER = f"""
from accounts.models import User
from accounts.tokens import issue_token
user = User.objects.filter(email={DEMO_EMAIL!r}).first() or User.objects.create_user(
    {DEMO_EMAIL!r}, "demo pass phrase 2026", name="示範會員")
print(issue_token(user=user))
"""


def member_token(env: dict[str, str]) -> str:
    answer = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "shell", "-c", MAKE_MEMBER],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return answer.stdout.strip().splitlines()[-1]


def prepare_page(page: Page, action: str | None) -> None:
    if action == "sign-in":
        page.get_by_role("button", name="登入/註冊").click()
    elif action == "sign-up":
        page.get_by_role("button", name="登入/註冊").click()
        page.get_by_role("button", name="點此註冊").click()
    elif action == "member-menu":
        toggle = page.locator("[data-member-toggle]")
        if toggle.is_visible():
            toggle.click()
    page.wait_for_timeout(400)


def shoot(base: str, token: str) -> list[Path]:
    taken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        for width in WIDTHS:
            for name, path, signed_in, action in PAGES:
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
                        f"localStorage.setItem('token', {token!r});"
                    )
                page = context.new_page()
                page.goto(base + path, wait_until="networkidle")
                prepare_page(page, action)
                target = OUT / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=action is None)
                taken.append(target)
                context.close()
        browser.close()
    return taken


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with running_site() as (base, env):
        token = member_token(env)
        taken = shoot(base, token)
    for path in taken:
        print(path.relative_to(ROOT))
    print(f"{len(taken)} screenshots in {OUT.relative_to(ROOT)}/")


if __name__ == "__main__":
    sys.path.insert(0, os.fspath(ROOT))
    main()
