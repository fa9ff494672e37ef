"""Browser journeys of the member dialog: sign-up signs in and verifies, a forgotten
password is reset from the mailed link, a booking started signed out is finished after
signing in, members-only pages ask to sign in and come back, an account is deleted."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from e2e.calendar import pick_date
from e2e.signed_in import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse 42"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Sign-up, sign-in and reset each hash a password; the default hasher takes a
    # second on a busy machine, and the journeys are the same with a fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def mailed_link(template: str, path: str) -> str:
    """The link in the newest mail of this kind (the outbox row the worker sends)."""
    from mail.models import Email

    body = Email.objects.filter(template=template).latest("pk").text_body
    return re.search(rf"https?://[^/\s]+(/{path}/\S+)", body).group(1)


def dialog_sign_in(page, email: str, password: str = PASSWORD) -> None:
    form = page.locator("[data-auth-form='signin']")
    form.get_by_label("電子信箱").fill(email)
    form.get_by_label("密碼").fill(password)
    form.get_by_role("button", name="登入帳戶").click()


def test_signing_up_signs_in_and_the_mailed_link_verifies_the_address(page, site):
    page.goto(site + "/")
    page.get_by_role("button", name="登入/註冊").click()
    page.get_by_role("button", name="點此註冊").click()
    form = page.locator("[data-auth-form='signup']")
    form.get_by_label("姓名").fill("小華")
    form.get_by_label("電子信箱").fill("hua@example.com")
    form.get_by_label("密碼").fill("a long passphrase")
    form.get_by_role("button", name="註冊新帳戶").click()

    expect(page.get_by_role("button", name="小華")).to_be_visible()
    banner = page.locator("[data-verify-banner]")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("尚未驗證")

    page.goto(site + mailed_link("verify_email", "verify"))
    expect(page.get_by_text("已驗證完成")).to_be_visible()
    page.goto(site + "/")
    expect(page.get_by_role("button", name="小華")).to_be_visible()
    expect(banner).to_be_hidden()


def test_a_forgotten_password_is_reset_from_the_mailed_link(page, site, user):
    page.goto(site + "/")
    page.get_by_role("button", name="登入/註冊").click()
    page.get_by_role("button", name="忘記密碼？").click()
    expect(page.get_by_role("heading", name="忘記密碼")).to_be_visible()
    forgot = page.locator("[data-auth-form='forgot']")
    forgot.get_by_label("電子信箱").fill("Member@Example.com")
    forgot.get_by_role("button", name="寄送重設密碼連結").click()
    expect(page.locator("[data-auth-message]")).to_contain_text("重設密碼的連結已寄出")

    link = mailed_link("password_reset", "reset")
    page.goto(site + link)
    page.get_by_label("新密碼", exact=True).fill("12345678")
    page.get_by_label("再輸入一次新密碼").fill("12345678")
    page.get_by_role("button", name="設定新密碼").click()
    expect(page.locator("#reset-password-error")).not_to_be_empty()

    page.get_by_label("新密碼", exact=True).fill("a new pass phrase 7")
    page.get_by_label("再輸入一次新密碼").fill("a new pass phrase 7")
    page.get_by_role("button", name="設定新密碼").click()

    page.wait_for_url(f"{site}/member")
    expect(page.get_by_role("button", name=user.name)).to_be_visible()
    page.goto(site + link)  # used once: dead now
    expect(page.locator("[data-reset-invalid]")).to_be_visible()


def test_a_booking_started_signed_out_is_booked_after_signing_in(
    page, site, user, make_attraction
):
    from bookings.models import Booking
    from bookings.pricing import today_in_taipei

    attraction = make_attraction()
    day = today_in_taipei() + timedelta(days=9)
    page.goto(site + attraction.get_absolute_url())
    pick_date(page, day)
    page.get_by_label("下半天").check()
    page.get_by_role("button", name="立即預訂").click()

    dialog_sign_in(page, user.email)

    page.wait_for_url(f"{site}/booking")
    booking = Booking.objects.get(user=user)
    assert (booking.attraction_id, booking.date, booking.slot) == (
        attraction.pk,
        day,
        "afternoon",
    )


@pytest.mark.parametrize("path", ["/member", "/orders", "/booking"])
def test_a_members_page_signed_out_asks_to_sign_in_and_comes_back(
    page, site, user, path
):
    page.goto(site + path)

    expect(page.locator("#auth-modal")).to_be_visible()
    dialog_sign_in(page, user.email)

    expect(page.get_by_role("button", name=user.name)).to_be_visible()
    assert page.url == site + path


def test_closing_the_dialog_on_a_members_page_goes_home(page, site):
    page.goto(site + "/member")
    expect(page.locator("#auth-modal")).to_be_visible()

    page.keyboard.press("Escape")

    page.wait_for_url(f"{site}/")


def test_a_member_downloads_their_data_and_deletes_the_account(
    page, site, live_server, user
):
    from accounts.models import User

    sign_in(page, live_server, user)
    page.goto(site + "/member")
    with page.expect_download() as download:
        page.get_by_role("button", name="下載我的資料").click()
    assert download.value.suggested_filename == "taipei-day-trip-my-data.json"

    delete = page.locator("[data-delete-form]")
    delete.get_by_label("輸入密碼以確認刪除").fill("wrong password")
    delete.get_by_label("我了解帳號刪除後無法復原").check()
    delete.get_by_role("button", name="永久刪除帳號").click()
    expect(delete.locator("[data-delete-message]")).to_contain_text("目前的密碼不正確")

    delete.get_by_label("輸入密碼以確認刪除").fill(PASSWORD)
    delete.get_by_role("button", name="永久刪除帳號").click()

    page.wait_for_url(re.compile(r"/\?deleted=1$"))
    expect(page.get_by_role("button", name="登入/註冊")).to_be_visible()
    assert not User.objects.get(pk=user.pk).is_active
