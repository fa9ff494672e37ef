"""Browser tests: Playwright drives Debian's Chromium against Django's live server."""

import re
from pathlib import Path

import pytest

from taipei_trip.testing import DEMO_DATA, DEMO_TRANSLATIONS, seed_trust_pages

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CSP_MESSAGE = re.compile(r"Content Security Policy|Refused to (load|execute|apply)")

# Records every CSP violation the page reports, including those raised before a test
# starts listening to the console.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""
# Sums the layout shifts not caused by input since the page started (window.__layoutShift).
CLS_RECORDER = """
window.__layoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__layoutShift += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.fixture
def trust_pages(transactional_db):
    """The trust pages the data migrations seed (a transactional test flushes them)."""
    seed_trust_pages()


@pytest.fixture
def site(live_server, trust_pages):
    """The live server's address; tests never reach anything else."""
    return live_server.url


@pytest.fixture
def catalogue(transactional_db):
    """The demo catalogue (fixtures/), committed so the live server sees it."""
    from django.core.management import call_command

    call_command("import_attractions", str(DEMO_DATA), verbosity=0)
    for language, path in DEMO_TRANSLATIONS.items():
        call_command("import_attractions", str(path), language=language, verbosity=0)


@pytest.fixture
def real_catalogue(transactional_db, open_data_path):
    """The real 58 attractions (skipped without the open-data file)."""
    from django.core.management import call_command

    call_command("import_attractions", str(open_data_path), verbosity=0)


class ConsoleLog(list):
    def csp_errors(self) -> list[str]:
        return [text for text in self if CSP_MESSAGE.search(text)]


@pytest.fixture
def console(page) -> ConsoleLog:
    log = ConsoleLog()
    page.on("console", lambda message: log.append(message.text))
    page.on("pageerror", lambda error: log.append(f"pageerror: {error}"))
    return log


@pytest.fixture
def page(page, live_server):
    """A page that records CSP violations and reaches only the live server.

    Remote attraction photos are answered with an error, as they are offline, so every
    run exercises the placeholder and no test depends on the internet.
    """
    page.add_init_script(CSP_RECORDER)
    origin = live_server.url

    def only_local(route):
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", only_local)
    page.set_default_timeout(10_000)
    return page


def csp_violations(page) -> list[str]:
    """The CSP violations the page has reported since it loaded (see CSP_RECORDER)."""
    return page.evaluate("() => window.__cspViolations")


def run_axe(page) -> list[dict]:
    """Serious and critical axe-core violations of WCAG 2.1 A/AA on the current page."""
    # Evaluated through the DevTools protocol: a <script> tag would break the page's CSP.
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;void 0")
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "tag",
              values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})"""
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
