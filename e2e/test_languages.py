"""The three languages in a real browser: the header's switch keeps the page and is
remembered, English and Japanese pages read in their language (the server's text and the
scripts'), the API is asked in it, and no text overflows a 360 px phone."""

import pytest
from playwright.sync_api import expect

from attractions.models import Attraction
from e2e.conftest import run_axe
from e2e.signed_in import FAKE_SDK_URL, add_to_cart, place_order, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def first_attraction() -> Attraction:
    return Attraction.objects.published().order_by("id").first()


def api_requests(page) -> list[str]:
    asked = []
    page.on(
        "request",
        lambda request: asked.append(request.url) if "/api/" in request.url else None,
    )
    return asked


def test_switching_to_english_keeps_the_attraction_page_and_is_remembered(
    page, site, catalogue
):
    attraction = first_attraction()
    page.goto(f"{site}/attraction/{attraction.id}?from=share")

    page.locator("summary.language-switch__toggle").click()
    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(f"{site}/en/attraction/{attraction.id}?from=share")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Book a guided tour")).to_be_visible()
    # Back at a plain address later (a shared link, a bookmark): English again.
    page.goto(f"{site}/")
    expect(page).to_have_url(f"{site}/en/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enjoy a relaxed day in Taipei"
    )


def test_the_switch_is_reachable_and_used_by_keyboard_alone_on_a_phone(
    page, site, catalogue
):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site}/help/terms")
    toggle = page.locator("summary.language-switch__toggle")
    expect(toggle).to_be_visible()

    toggle.focus()
    page.keyboard.press("Enter")
    japanese = page.get_by_role("link", name="日本語")
    expect(japanese).to_be_visible()
    for _ in range(3):
        if page.evaluate("() => document.activeElement.getAttribute('lang')") == "ja":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{site}/ja/help/terms")
    expect(page.locator("html")).to_have_attribute("lang", "ja")


def test_the_japanese_home_page_reads_japanese_from_server_and_scripts(
    page, console, site, catalogue
):
    asked = api_requests(page)
    page.goto(f"{site}/ja/")

    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "台北でのんびり過ごす一日"
    )
    expect(page.locator(".card__price").first).to_contain_text("お一人様")
    # Text the scripts write: a search with no result, through the JS catalogue.
    page.locator("#keyword").fill("存在しない場所")
    page.keyboard.press("Enter")
    expect(page.locator("[data-empty-title]")).to_have_text(
        "「存在しない場所」に一致する観光スポットは見つかりませんでした"
    )
    assert any("/api/attractions?" in url and "lang=ja" in url for url in asked)
    assert all("lang=ja" in url for url in asked)
    expect(page).to_have_url(
        f"{site}/ja/?keyword=%E5%AD%98%E5%9C%A8%E3%81%97%E3%81%AA%E3%81%84%E5%A0%B4%E6%89%80"
    )
    assert not [line for line in console if line.startswith("pageerror")]


def test_chinese_pages_ask_the_api_without_lang(page, site, catalogue):
    asked = api_requests(page)
    page.goto(f"{site}/attraction/{first_attraction().id}")
    page.wait_for_load_state("networkidle")

    assert asked
    assert not [url for url in asked if "lang=" in url]


def test_the_switch_works_and_is_remembered_without_scripts(browser, site, catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    attraction = first_attraction()
    page.goto(f"{site}/attraction/{attraction.id}")

    page.locator("summary.language-switch__toggle").click()
    page.get_by_role("link", name="日本語").click()

    expect(page).to_have_url(f"{site}/ja/attraction/{attraction.id}")
    expect(page.get_by_role("heading", name="ガイドツアーを予約")).to_be_visible()
    page.goto(f"{site}/help/refunds")
    expect(page).to_have_url(f"{site}/ja/help/refunds")
    page.locator("summary.language-switch__toggle").click()
    page.get_by_role("link", name="繁體中文").click()
    expect(page).to_have_url(f"{site}/help/refunds")
    page.goto(f"{site}/")
    expect(page).to_have_url(f"{site}/")
    context.close()


@pytest.fixture
def shop(settings, fake_tappay, user, make_attraction):
    """A member with a paid order and a trip in the cart."""
    from devtools.fake_tappay import SANDBOX_TEST_PRIME

    settings.TAPPAY_SDK_URL = FAKE_SDK_URL
    add_to_cart(user, make_attraction("大稻埕碼頭", mrt="北門"), days=2, slot="morning")
    order = place_order(user, SANDBOX_TEST_PRIME)
    add_to_cart(user, make_attraction("象山", mrt="象山"), days=6, slot="afternoon")
    return {"user": user, "number": order["number"]}


# What must fit: the page itself, and the text of every control and label.
CLIPPED = """() => {
  const root = document.documentElement;
  const clipped = [...document.querySelectorAll(
    "button, a.button, .nav__link, label, summary, .chip, .state-badge, .field__label, th"
  )].filter((el) => el.offsetParent !== null && !el.closest(".visually-hidden"))
    .filter((el) => {
      const box = el.getBoundingClientRect();
      const cut = el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1;
      return cut || box.left < -1 || box.right > window.innerWidth + 1;
    })
    .map((el) => `${el.tagName}.${el.className}: ${el.textContent.trim().slice(0, 40)}`);
  return {sideways: root.scrollWidth - root.clientWidth, clipped};
}"""
PAGES = [
    ("/", ".card"),
    ("/attraction/{attraction}", ".calendar__day"),
    ("/help/terms", ".prose"),
    ("/booking", ".trip"),
    ("/orders", ".order-card"),
    ("/order/{number}", "[data-order-payments] li"),
    ("/thankyou?number={number}", "[data-order-number]"),
    ("/member", "[data-avatar-image]"),
]


@pytest.mark.parametrize("prefix", ["", "/en", "/ja"])
def test_no_text_overflows_a_360_px_phone_in_any_language(
    page, live_server, catalogue, trust_pages, shop, prefix
):
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, live_server, shop["user"])
    attraction = first_attraction().id
    for path, ready in PAGES:
        url = f"{live_server.url}{prefix}{path}".format(
            attraction=attraction, number=shop["number"]
        )
        page.goto(url)
        expect(page.locator(ready).first).to_be_visible()
        page.wait_for_load_state("networkidle")
        page.locator("summary.language-switch__toggle").click()  # its open list too

        found = page.evaluate(CLIPPED)

        assert found == {"sideways": 0, "clipped": []}, url
        page.keyboard.press("Escape")


@pytest.mark.parametrize(
    "path", ["/en/", "/ja/", "/en/attraction/{id}", "/ja/attraction/{id}"]
)
def test_axe_finds_no_serious_violation_in_english_or_japanese(
    page, site, catalogue, path
):
    page.goto(site + path.format(id=first_attraction().id))
    page.wait_for_load_state("networkidle")
    page.locator("summary.language-switch__toggle").click()

    assert run_axe(page) == []


@pytest.mark.parametrize("prefix", ["", "/en", "/ja"])
def test_the_signed_out_header_fits_a_360_px_phone_in_any_language(
    page, site, catalogue, prefix
):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{site}{prefix}/")
    expect(page.locator("[data-auth-open]").first).to_be_visible()

    assert page.evaluate(CLIPPED) == {"sideways": 0, "clipped": []}
