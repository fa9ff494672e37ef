"""Browser journeys through the cart, the TapPay checkout, the thank-you page and the
order history, against the local fake gateway and the fake TPDirect SDK."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from e2e.calendar import pick_date
from e2e.signed_in import (
    APPROVED_CARD,
    DECLINED_CARD,
    FAKE_SDK_URL,
    PASSWORD,
    TIMEOUT_CARD,
    add_to_cart,
    fill_card,
    page_problems,
    place_order,
    sign_in,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def checkout(settings, fake_tappay):
    """The pages load the fake SDK; the server pays through the fake gateway."""
    settings.TAPPAY_SDK_URL = FAKE_SDK_URL
    settings.TAPPAY_APP_ID = "11327"
    settings.TAPPAY_APP_KEY = "app_fake_public_key"
    settings.TAPPAY_SERVER_TYPE = "sandbox"
    return fake_tappay


@pytest.fixture
def attractions(make_attraction):
    return [
        make_attraction("新北投溫泉區", mrt="新北投", address="臺北市北投區中山路"),
        make_attraction("士林官邸", mrt="士林", address="臺北市士林區福林路60號"),
    ]


@pytest.fixture
def cart(user, attractions):
    return [
        add_to_cart(user, attractions[0], days=3, slot="morning"),
        add_to_cart(user, attractions[1], days=4, slot="afternoon"),
    ]


@pytest.fixture
def other_member(db):
    from accounts.models import User

    return User.objects.create_user("other@example.com", PASSWORD, name="小華")


def order_number(page) -> str:
    return parse_qs(urlsplit(page.url).query)["number"][0]


def book(page, live_server, attraction, *, days_ahead: int, slot_label: str):
    """Books one trip on the attraction page; the page then opens the cart."""
    from datetime import timedelta

    from bookings.pricing import today_in_taipei

    page.goto(f"{live_server.url}/attraction/{attraction.id}")
    day = today_in_taipei() + timedelta(days=days_ahead)
    pick_date(page, day)
    page.get_by_label(slot_label).check()
    page.get_by_role("button", name="立即預訂").click()
    page.wait_for_url(f"{live_server.url}/booking")


def pay(page, card_number: str, *, phone: str | None = "0912345678"):
    if phone is not None:
        page.get_by_label("手機號碼：").fill(phone)
    fill_card(page, card_number)
    page.get_by_role("button", name="確認訂購並付款").click()


def test_a_new_member_books_two_trips_pays_for_both_and_finds_the_order(
    page, console, live_server, checkout, attractions
):
    from orders.models import Order

    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="登入/註冊").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="點此註冊").click()
    signup = dialog.locator("[data-auth-form='signup']")
    signup.get_by_label("姓名").fill("王小明")
    signup.get_by_label("電子信箱").fill("wang@example.com")
    signup.get_by_label("密碼").fill(PASSWORD)
    signup.get_by_role("button", name="註冊新帳戶").click()
    # Signing up signs in.
    expect(page.locator("[data-member-name]")).to_have_text("王小明", timeout=20_000)

    book(page, live_server, attractions[0], days_ahead=3, slot_label="上半天")
    book(page, live_server, attractions[1], days_ahead=5, slot_label="下半天")

    expect(
        page.get_by_role("heading", name="您好，王小明，待預訂的行程如下：")
    ).to_be_visible()
    expect(page.locator(".trip")).to_have_count(2)
    expect(page.locator("[data-total]")).to_have_text("NT$ 4,500")
    expect(page.get_by_label("聯絡姓名：")).to_have_value("王小明")
    expect(page.get_by_label("聯絡信箱：")).to_have_value("wang@example.com")
    pay(page, APPROVED_CARD)

    page.wait_for_url(re.compile(r"/thankyou\?number="))
    number = order_number(page)
    expect(page.get_by_role("heading", name="感謝您的訂購")).to_be_visible()
    expect(page.locator("[data-order-number]")).to_have_text(number)
    expect(page.locator("[data-order-state]")).to_have_text("已付款")
    expect(page.locator("[data-order-total]")).to_have_text("NT$ 4,500")
    trips = page.locator("[data-order-trips] .trip")
    expect(trips).to_have_count(2)
    expect(trips.first).to_contain_text("新北投溫泉區")
    expect(trips.last).to_contain_text("士林官邸")
    expect(page.locator("[data-retry-form]")).to_be_hidden()

    page.get_by_role("link", name="查看歷史訂單").click()
    page.wait_for_url(f"{live_server.url}/orders")
    card = page.locator(".order-card", has_text=number)
    expect(card).to_contain_text("已付款")
    expect(card).to_contain_text("新北投溫泉區")
    expect(card).to_contain_text("NT$ 4,500")

    order = Order.objects.get(number=number)
    assert (order.status, order.amount) == ("paid", 4500)
    assert len(checkout.charges) == 1
    page.goto(f"{live_server.url}/booking")
    expect(page.get_by_text("目前沒有任何待預訂的行程")).to_be_visible()
    assert page_problems(page, console) == []


def test_a_declined_card_shows_the_bank_message_and_the_order_is_paid_on_retry(
    page, live_server, checkout, user, cart
):
    from orders.models import Order

    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/booking")
    pay(page, DECLINED_CARD)

    message = page.locator("[data-checkout-message]")
    expect(message).to_contain_text("付款失敗")
    expect(page.get_by_role("button", name="確認訂購並付款")).to_be_enabled()
    expect(page.locator(".trip")).to_have_count(2)
    unpaid = Order.objects.get()
    expect(message.get_by_role("link")).to_have_attribute(
        "href", f"/order/{unpaid.number}"
    )

    pay(page, APPROVED_CARD, phone=None)
    page.wait_for_url(re.compile(r"/thankyou\?number="))
    expect(page.locator("[data-order-state]")).to_have_text("已付款")
    assert Order.objects.count() == 1
    unpaid.refresh_from_db()
    assert unpaid.number == order_number(page)
    assert unpaid.status == "paid"


def test_an_unpaid_order_can_be_paid_again_from_its_order_page(
    page, live_server, checkout, user, cart
):
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/booking")
    pay(page, DECLINED_CARD)
    page.get_by_role("link", name=re.compile("查看這筆訂單")).click()

    page.wait_for_url(re.compile(r"/order/[A-Z0-9-]+$"))
    expect(page.locator("[data-order-state]")).to_have_text("付款失敗")
    expect(page.locator("[data-order-payments]")).to_contain_text("失敗")
    retry = page.locator("[data-retry-form]")
    fill_card(page, DECLINED_CARD, root=retry)
    retry.get_by_role("button", name="重新付款").click()
    expect(retry.locator("[data-checkout-message]")).to_contain_text("付款失敗")

    fill_card(page, APPROVED_CARD, root=retry)
    retry.get_by_role("button", name="重新付款").click()
    expect(page.locator("[data-order-state]")).to_have_text("已付款")
    expect(retry).to_be_hidden()
    expect(page.locator("[data-order-payments]")).to_contain_text("成功")


def test_an_unpaid_order_can_be_paid_again_from_the_thank_you_page(
    page, live_server, checkout, user, cart
):
    from orders.models import Order

    number = place_order(user, "fake_decline_card")["number"]
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/thankyou?number={number}")

    expect(page.get_by_role("heading", name="訂單尚未付款")).to_be_visible()
    retry = page.locator("[data-retry-form]")
    fill_card(page, DECLINED_CARD, root=retry)
    retry.get_by_role("button", name="重新付款").click()
    expect(retry.locator("[data-checkout-message]")).to_contain_text("付款失敗")
    expect(page.locator("[data-order-lead]")).to_contain_text("付款失敗")

    fill_card(page, APPROVED_CARD, root=retry)
    retry.get_by_role("button", name="重新付款").click()
    heading = page.get_by_role("heading", name="感謝您的訂購")
    expect(heading).to_be_focused()
    expect(page.locator("[data-order-state]")).to_have_text("已付款")
    expect(retry).to_be_hidden()
    assert Order.objects.get(number=number).status == "paid"
    assert len(checkout.charges) == 1


def test_a_double_clicked_pay_button_charges_once(
    page, live_server, checkout, user, cart
):
    from orders.models import Order

    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/booking")
    page.get_by_label("手機號碼：").fill("0912345678")
    fill_card(page, APPROVED_CARD)
    page.get_by_role("button", name="確認訂購並付款").dblclick()

    page.wait_for_url(re.compile(r"/thankyou\?number="))
    expect(page.locator("[data-order-state]")).to_have_text("已付款")
    assert Order.objects.count() == 1
    assert len(checkout.charges) == 1


def test_a_wrong_phone_number_is_explained_and_nothing_is_charged(
    page, live_server, checkout, user, cart
):
    from orders.models import Order

    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/booking")
    pay(page, APPROVED_CARD, phone="12345")

    phone = page.get_by_label("手機號碼：")
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#contact-phone-error")).to_contain_text("09 開頭的 10 位數字")
    expect(phone).to_be_focused()
    assert Order.objects.count() == 0
    assert checkout.charges == []


def test_a_missing_contact_name_is_explained(page, live_server, checkout, user, cart):
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/booking")
    page.get_by_label("聯絡姓名：").fill("")
    pay(page, APPROVED_CARD)

    expect(page.locator("#contact-name-error")).to_have_text("請輸入姓名")
    assert checkout.charges == []


def test_deleting_trips_updates_the_total_and_an_empty_cart_says_so(
    page, live_server, checkout, user, cart
):
    from bookings.models import Booking

    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/booking")
    expect(page.locator(".trip")).to_have_count(2)

    page.get_by_role("button", name=re.compile("刪除行程：新北投溫泉區")).click()
    expect(page.locator(".trip")).to_have_count(1)
    expect(page.locator("[data-total]")).to_have_text("NT$ 2,500")
    page.get_by_role("button", name=re.compile("刪除行程：士林官邸")).click()

    expect(page.get_by_text("目前沒有任何待預訂的行程")).to_be_visible()
    expect(page.get_by_role("button", name="確認訂購並付款")).to_be_hidden()
    assert not Booking.objects.filter(user=user).exists()


def test_a_cart_item_without_a_photo_shows_the_placeholder(
    page, live_server, checkout, user, make_attraction
):
    add_to_cart(user, make_attraction("無照片景點", images=0), days=2, slot="morning")

    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/booking")

    image = page.locator(".trip__image")
    expect(image).to_have_attribute("src", re.compile(r"placeholder\.svg$"))
    expect(image).to_have_attribute("alt", "無照片景點")


def test_an_empty_cart_says_there_is_nothing_to_book(page, live_server, checkout, user):
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/booking")

    expect(page.get_by_text("目前沒有任何待預訂的行程")).to_be_visible()
    expect(page.locator("[data-checkout-form]")).to_be_hidden()


def test_an_unknown_order_number_says_the_order_was_not_found(
    page, live_server, checkout, user
):
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/thankyou?number=NOSUCHORDER")

    expect(page.get_by_role("heading", name="找不到這筆訂單")).to_be_visible()


def test_another_members_order_is_not_found(
    page, live_server, checkout, user, cart, other_member
):
    from devtools.fake_tappay import SANDBOX_TEST_PRIME

    number = place_order(user, SANDBOX_TEST_PRIME)["number"]
    sign_in(page, live_server, other_member)
    page.goto(f"{live_server.url}/thankyou?number={number}")

    expect(page.get_by_role("heading", name="找不到這筆訂單")).to_be_visible()
    expect(page.get_by_text(user.email)).to_have_count(0)


def test_the_order_history_says_when_there_are_no_orders(
    page, live_server, checkout, user
):
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/orders")

    expect(page.get_by_text("目前沒有任何訂單")).to_be_visible()
    expect(page.get_by_role("button", name="載入更多訂單")).to_be_hidden()


@pytest.mark.parametrize("path", ["/booking", "/member", "/orders"])
def test_a_signed_out_visit_asks_to_sign_in_and_closing_goes_home(
    page, live_server, path
):
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("#auth-modal")).to_be_visible()

    page.get_by_role("button", name="關閉").click()

    page.wait_for_url(f"{live_server.url}/")


def test_a_revoked_token_on_the_booking_page_asks_to_sign_in_again(
    page, live_server, checkout, user, cart
):
    from accounts.models import Token

    sign_in(page, live_server, user)
    Token.objects.filter(user=user).delete()
    page.goto(f"{live_server.url}/booking")

    expect(page.locator("#auth-modal")).to_be_visible()
    assert page.url == f"{live_server.url}/booking"


def test_the_order_history_shows_twelve_orders_then_loads_more(
    page, live_server, checkout, user, make_attraction
):
    from orders.services import place_order

    attraction = make_attraction("臺北市立動物園", mrt="動物園")
    contact = {"name": user.name, "email": user.email, "phone": "0912345678"}
    numbers = []
    for day in range(1, 14):
        booking = add_to_cart(user, attraction, days=day, slot="morning")
        order = place_order(
            user=user, booking_ids=[booking.id], contact=contact, price=booking.price
        )
        numbers.append(order.number)

    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/orders")
    cards = page.locator(".order-card")
    expect(cards).to_have_count(12)
    expect(cards.first).to_contain_text(numbers[-1])
    expect(cards.first).to_contain_text("待付款")
    expect(cards.first.get_by_role("link", name="前往付款")).to_have_attribute(
        "href", f"/order/{numbers[-1]}"
    )

    page.get_by_role("button", name="載入更多訂單").click()

    expect(cards).to_have_count(13)
    expect(cards.last).to_contain_text(numbers[0])
    expect(page.get_by_role("button", name="載入更多訂單")).to_be_hidden()
    expect(cards.nth(12).get_by_role("link").first).to_be_focused()


def test_a_cart_changed_after_a_decline_is_paid_as_a_new_order(
    page, live_server, checkout, user, cart, make_attraction
):
    from orders.models import Order

    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/booking")
    pay(page, DECLINED_CARD)
    expect(page.locator("[data-checkout-message]")).to_contain_text("付款失敗")
    declined = Order.objects.get()
    add_to_cart(
        user, make_attraction("象山親山步道", mrt="象山"), days=9, slot="morning"
    )

    page.reload()
    expect(page.locator(".trip")).to_have_count(3)
    expect(page.locator("[data-unpaid-orders]")).to_be_hidden()
    pay(page, APPROVED_CARD)

    page.wait_for_url(re.compile(r"/thankyou\?number="))
    expect(page.locator("[data-order-total]")).to_have_text("NT$ 6,500")
    paid = Order.objects.get(number=order_number(page))
    assert paid != declined and paid.status == "paid"
    assert len(checkout.charges) == 1

    # The declined order's trips were bought in the new one: it offers no payment.
    page.goto(f"{live_server.url}/thankyou?number={declined.number}")
    expect(page.locator("[data-order-lead]")).to_contain_text("較新的訂單")
    expect(page.locator("[data-retry-form]")).to_be_hidden()


def test_a_gateway_timeout_is_never_shown_as_paid_nor_charged_twice(
    page, live_server, checkout, user, cart
):
    from orders.models import Order

    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/booking")
    pay(page, TIMEOUT_CARD)

    message = page.locator("[data-checkout-message]")
    expect(message).to_contain_text("付款結果確認中")
    expect(page).to_have_url(f"{live_server.url}/booking")
    pay(page, APPROVED_CARD, phone=None)
    expect(message).to_contain_text("不要重複付款")

    order = Order.objects.get()
    assert order.status == "pending"
    assert len(checkout.charges) == 1
    page.reload()
    expect(page.locator("[data-unpaid-orders]")).to_contain_text(order.number)
    page.get_by_role("link", name=re.compile(order.number)).click()
    # The order page: unpaid, its one attempt still being confirmed (paying again is
    # refused by the server until it settles, as above).
    expect(page).to_have_url(f"{live_server.url}/order/{order.number}")
    expect(page.locator("[data-order-state]")).to_have_text("待付款")
    expect(page.locator("[data-order-payments]")).to_contain_text("確認中")
    expect(page.get_by_role("heading", name="重新付款")).to_be_visible()


def test_a_signed_out_visit_to_an_order_asks_to_sign_in_then_shows_it(
    page, live_server, checkout, user, cart
):
    from devtools.fake_tappay import SANDBOX_TEST_PRIME

    number = place_order(user, SANDBOX_TEST_PRIME)["number"]
    page.goto(f"{live_server.url}/thankyou?number={number}")

    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(page.get_by_text("請先登入會員帳號，才能查看訂單。")).to_be_visible()
    signin = dialog.locator("[data-auth-form='signin']")
    signin.get_by_label("電子信箱").fill(user.email)
    signin.get_by_label("密碼").fill("correct horse 42")
    signin.get_by_role("button", name="登入帳戶").click()

    expect(page.locator("[data-order-number]")).to_have_text(number)
    expect(page).to_have_url(f"{live_server.url}/thankyou?number={number}")


def test_a_refunded_order_says_so_and_offers_no_payment(
    page, live_server, checkout, user, cart
):
    from devtools.fake_tappay import SANDBOX_TEST_PRIME
    from orders.models import Order
    from orders.services import refund_order

    number = place_order(user, SANDBOX_TEST_PRIME)["number"]
    refund_order(order=Order.objects.get(number=number))

    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/thankyou?number={number}")

    expect(page.get_by_role("heading", name="訂單已退款")).to_be_visible()
    expect(page.locator("[data-order-state]")).to_have_text("已退款")
    expect(page.locator("[data-retry-form]")).to_be_hidden()
    page.goto(f"{live_server.url}/orders")
    card = page.locator(".order-card", has_text=number)
    expect(card).to_contain_text("已退款")
    expect(card.get_by_role("link", name="查看訂單")).to_be_visible()


def test_cart_trips_can_be_deleted_by_keyboard_alone(
    page, live_server, checkout, user, cart
):
    sign_in(page, live_server, user)
    page.goto(f"{live_server.url}/booking")
    first = page.get_by_role("button", name=re.compile("刪除行程：新北投溫泉區"))
    first.focus()
    page.keyboard.press("Enter")

    expect(page.locator(".trip")).to_have_count(1)
    expect(
        page.get_by_role("button", name=re.compile("刪除行程：士林官邸"))
    ).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("目前沒有任何待預訂的行程")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_focused()
