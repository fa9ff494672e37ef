"""Lighthouse scores of every page of the storefront, into docs/benchmarks.md.

Usage: `make lighthouse`. Serves a fresh copy of the site through gunicorn with production
settings (hashed, compressed static files from whitenoise, plus scripts/measure_urls.py's
failing URL for the 500 page), runs npm's lighthouse three times per page against a
Debian Chromium started here, and records the median of each category between the
lighthouse markers of docs/benchmarks.md, leaving the rest of that file alone.

Members' pages are measured signed in as the demo member of scripts/demo.py: its token is
put in the browser's localStorage before lighthouse loads the page, the way the sign-in
dialog leaves it (lighthouse clears caches, not localStorage). Error pages keep their
status (404, 500) and are loaded with --ignore-status-code.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from demo import demo_member
from launcher import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PROJECT,
    SERVER_ERROR_PATH,
    free_port,
    running_site,
    wait_for_port,
)
from playwright.sync_api import sync_playwright

RUNS = 3


class Measured(NamedTuple):
    label: str
    path: str  # formatted with the demo member's numbers and links
    is_member: bool = False
    is_error: bool = False  # answered 4xx/5xx on purpose


PAGES = [
    Measured("首頁 /", "/"),
    Measured("景點頁 /attraction/1", "/attraction/1"),
    Measured("登入對話框（未登入開啟 /booking）", "/booking"),
    Measured("預訂行程 /booking", "/booking", is_member=True),
    Measured("感謝頁 /thankyou（已付款）", "/thankyou?number={paid}", is_member=True),
    Measured(
        "感謝頁 /thankyou（重新付款）", "/thankyou?number={failed}", is_member=True
    ),
    Measured("訂單詳情 /order/<number>", "/order/{paid}", is_member=True),
    Measured("歷史訂單 /orders", "/orders", is_member=True),
    Measured("會員中心 /member", "/member", is_member=True),
    Measured("服務條款 /help/terms", "/help/terms"),
    Measured("隱私權政策 /help/privacy", "/help/privacy"),
    Measured("取消與退款政策 /help/refunds", "/help/refunds"),
    Measured("重設密碼 /reset/<uid>/<token>", "{reset}"),
    Measured("信箱驗證 /verify/<token>", "{verify}"),
    Measured("Home /en/", "/en/"),
    Measured("ホーム /ja/", "/ja/"),
    Measured("Attraction /en/attraction/1", "/en/attraction/1"),
    Measured("スポット /ja/attraction/1", "/ja/attraction/1"),
    Measured("找不到頁面（404）", "/attraction/99999", is_error=True),
    Measured("伺服器錯誤（500）", SERVER_ERROR_PATH, is_error=True),
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
DOC = PROJECT / "docs" / "benchmarks.md"
START, END = "<!-- lighthouse:start -->", "<!-- lighthouse:end -->"


def command(
    url: str, output: Path, port: int | None = None, *, is_error: bool = False,
    program: Path = LIGHTHOUSE,
) -> list[str]:  # fmt: skip
    return [
        str(program),
        url,
        f"--port={port or 'PORT'}",
        f"--only-categories={','.join(CATEGORIES)}",
        *(["--ignore-status-code"] if is_error else []),
        "--output=json",
        f"--output-path={output}",
        "--quiet",
    ]


@contextlib.contextmanager
def chromium(base: str, token: str | None) -> Iterator[int]:
    """A fresh Chromium with a DevTools port (for lighthouse --port), signed in to the
    site at base when a token is given; stopped afterwards by its own process id."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="lighthouse-profile-") as profile:
        args = [CHROMIUM, *CHROMIUM_ARGS, f"--remote-debugging-port={port}",
                f"--user-data-dir={profile}", "about:blank"]  # fmt: skip
        browser = subprocess.Popen(  # noqa: S603
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        try:
            wait_for_port(port, process=browser)
            if token:
                sign_in(port, base, token)
            yield port
        finally:
            os.killpg(browser.pid, signal.SIGTERM)
            browser.wait(timeout=30)


def sign_in(port: int, base: str, token: str) -> None:
    """The token in localStorage, as the sign-in dialog leaves it (e2e/signed_in.py)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
        page = browser.contexts[0].new_page()
        page.goto(base + "/robots.txt")
        page.evaluate("token => localStorage.setItem('token', token)", token)
        page.close()
        browser.close()  # disconnects; the browser and its profile stay


def run_once(
    base: str, page: Measured, demo: dict, output: Path, attempts: int = 3
) -> dict[str, float]:
    url = base + page.path.format(**demo)
    token = demo["token"] if page.is_member else None
    for attempt in range(1, attempts + 1):
        # Headless Chromium now and then loses its DevTools connection; a failed run
        # is repeated rather than counted.
        with chromium(base, token) as port:
            args = command(url, output, port, is_error=page.is_error)
            done = subprocess.run(args, check=False)  # noqa: S603
        if done.returncode == 0:
            break
        print(f"lighthouse exited {done.returncode} (attempt {attempt}/{attempts})")
    else:
        sys.exit(f"lighthouse failed {attempts} times on {url}")
    report = json.loads(output.read_text(encoding="utf-8"))
    if report["finalDisplayedUrl"] != url:
        sys.exit(
            f"{url} ended at {report['finalDisplayedUrl']}: not the page asked for"
        )
    scores = {
        name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES
    }
    for audit in failed_audits(report):
        pages = FAILED_AUDITS.setdefault(audit, [])
        if page.label not in pages:
            pages.append(page.label)
    return scores


# audit -> the pages it cost points on, in the order measured
FAILED_AUDITS: dict[str, list[str]] = {}


def failed_audits(report: dict) -> set[str]:
    """Audits that cost points, so the document says where the missing points went."""
    failed = set()
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                failed.add(f"{name}: {audit['id']} ({audit['title']})")
    return failed


def measure(
    base: str, demo: dict, pages: list[Measured]
) -> dict[str, dict[str, float]]:
    medians = {}
    with tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            runs = [
                run_once(base, page, demo, Path(tmp) / f"run{number}.json")
                for number in range(RUNS)
            ]
            medians[page.label] = {
                name: statistics.median(run[name] for run in runs)
                for name in CATEGORIES
            }
            print(page.label, runs, "median", medians[page.label], flush=True)
    return medians


def version() -> str:
    answer = subprocess.run(  # noqa: S603
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, check=True
    )
    return answer.stdout.strip()


def commit() -> str:
    answer = subprocess.run(  # noqa: S603
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=PROJECT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    dirty = subprocess.run(  # noqa: S603
        ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
        cwd=PROJECT, capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    return answer.stdout.strip() + (" with uncommitted changes" if dirty else "")


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def block(medians: dict[str, dict[str, float]], started: dict[str, str]) -> str:
    example = " ".join(
        f'"{part}"' if " " in part else part
        for part in command(
            "http://127.0.0.1:SITE/",
            Path("lh.json"),
            program=LIGHTHOUSE.relative_to(PROJECT),
        )
    )
    browser = " ".join([CHROMIUM, *CHROMIUM_ARGS, "--remote-debugging-port=PORT"])
    signed_in = {page.label for page in PAGES if page.is_member}
    rows = [
        f"| {label} | {'會員' if label in signed_in else '未登入'} | "
        + " | ".join(f"{scores[name]:g}" for name in CATEGORIES)
        + " |"
        for label, scores in medians.items()
    ]
    return "\n".join(
        [
            START,
            "## Lighthouse",
            "",
            f"Measured {started['at']}–{datetime.now(UTC):%H:%M} UTC at commit"
            f" {started['commit']} by `make lighthouse` (scripts/lighthouse.py):"
            f" lighthouse {version()}, Debian Chromium, default mobile emulation with"
            " simulated throttling, against gunicorn serving production settings"
            " (whitenoise, hashed and compressed static files) with the 58 real"
            f" attractions on SQLite. Median of {RUNS} runs per page. Machine load"
            f" (1, 5, 15 min) {started['load']} at the start, {load_average()} at the"
            " end, on 2 shared cores. Offline, so the remote attraction photos fail"
            " (the placeholder is shown instead) and so does TapPay's SDK on the booking,"
            " thank-you and order pages; those failed requests, and the 404 and 500"
            " answers themselves, are the console errors best practices counts."
            " 會員 pages are measured signed in as the"
            " demo member (scripts/demo.py: two trips in the cart, a paid and a declined"
            " order). Two SEO audits fail on purpose: is-crawlable on the pages kept"
            " out of search engines (members' pages, the sign-in dialog's /booking and"
            " the reset and verification links: robots.txt or noindex), and"
            " http-status-code on the 404 and 500 pages, which keep their status.",
            "",
            "| Page | Visitor | Performance | Accessibility | Best practices | SEO |",
            "| --- | --- | --- | --- | --- | --- |",
            *rows,
            "",
            "Audits that cost points: "
            + (
                "; ".join(
                    f"{audit} on {'、'.join(pages)}"
                    for audit, pages in sorted(FAILED_AUDITS.items())
                )
                or "none"
            )
            + ".",
            "",
            "Each run (SITE and PORT are the free ports the script picked; members'"
            " runs first put the token in localStorage through the same DevTools port):",
            "",
            "```sh",
            f"{browser} --user-data-dir=$(mktemp -d) about:blank &",
            example,
            "```",
            END,
        ]
    )


def write(text: str) -> None:
    DOC.parent.mkdir(exist_ok=True)
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if START in current and END in current:
        before = current.split(START, 1)[0]
        after = current.split(END, 1)[1]
        DOC.write_text(before + text + after, encoding="utf-8")
    else:
        DOC.write_text(current.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")


def main() -> None:
    # `--only PATH ...`: just those pages (e.g. after changing them), printed and not
    # written to docs/benchmarks.md, whose table is of every page at one commit.
    only = sys.argv[sys.argv.index("--only") + 1 :] if "--only" in sys.argv else []
    pages = [page for page in PAGES if not only or page.path in only]
    if only and len(pages) != len(only):
        sys.exit(f"--only takes paths of PAGES: {[page.path for page in PAGES]}")
    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse is not installed: run `make install` (npm ci)")
    started = {
        "at": f"{datetime.now(UTC):%Y-%m-%d %H:%M}",
        "commit": commit(),
        "load": load_average(),
    }
    with running_site(production=True, settings_module="scripts.measure_settings") as (
        base,
        env,
    ):
        medians = measure(base, demo_member(env), pages)
    if only:
        return
    write(block(medians, started))
    print(f"written to {DOC.relative_to(PROJECT)}")


if __name__ == "__main__":
    main()
