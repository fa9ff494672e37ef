"""Browser tests of the member page: profile, password change and avatar."""

import io
import re

import pytest
from playwright.sync_api import expect

from e2e.signed_in import PASSWORD, page_problems, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def member(db):
    from accounts.models import User

    return User.objects.create_user("mei@example.com", PASSWORD, name="林小美")


@pytest.fixture
def png_file(tmp_path):
    """A small real PNG, made at test time."""
    from PIL import Image

    path = tmp_path / "me.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (61, 122, 137)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def main(page):
    """The page's own content: the nav's sign-up dialog has fields named alike."""
    return page.get_by_role("main")


def open_member_page(page, live_server, member):
    sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/member")
    expect(main(page).get_by_label("姓名", exact=True)).to_have_value(member.name)


def test_an_uploaded_avatar_shows_on_the_page_and_in_the_nav(
    page, console, live_server, member, png_file
):
    open_member_page(page, live_server, member)

    main(page).get_by_label(re.compile("選擇圖片")).set_input_files(png_file)
    expect(page.locator("[data-avatar-image]")).to_have_attribute(
        "src", re.compile(r"^data:image/png")
    )
    page.get_by_role("button", name="上傳頭像").click()

    expect(page.locator("[data-avatar-message]")).to_have_text("頭像已更新")
    member.refresh_from_db()
    assert member.avatar
    avatar = page.locator("[data-avatar-image]")
    expect(avatar).to_have_attribute("src", re.compile(r"/media/|https?://"))
    src = avatar.get_attribute("src")
    expect(page.locator("[data-member-avatar]")).to_have_attribute("src", src)

    page.reload()
    expect(page.locator("[data-avatar-image]")).to_have_attribute("src", src)
    expect(page.locator("[data-member-avatar]")).to_have_attribute("src", src)
    assert page_problems(page, console) == []


def test_a_removed_avatar_goes_back_to_the_default(page, live_server, member, png_file):
    open_member_page(page, live_server, member)
    main(page).get_by_label(re.compile("選擇圖片")).set_input_files(png_file)
    page.get_by_role("button", name="上傳頭像").click()
    expect(page.locator("[data-avatar-message]")).to_have_text("頭像已更新")

    page.get_by_role("button", name="移除頭像").click()

    expect(page.locator("[data-avatar-message]")).to_have_text("頭像已移除")
    expect(page.locator("[data-avatar-image]")).to_have_attribute(
        "src", re.compile(r"avatar\.svg$")
    )
    expect(page.get_by_role("button", name="移除頭像")).to_be_hidden()
    member.refresh_from_db()
    assert not member.avatar


def test_a_file_that_is_not_an_image_is_refused_before_upload(
    page, live_server, member, tmp_path
):
    text = tmp_path / "notes.txt"
    text.write_text("not an image")
    open_member_page(page, live_server, member)

    main(page).get_by_label(re.compile("選擇圖片")).set_input_files(text)

    expect(page.locator("#avatar-file-error")).to_have_text(
        "頭像只接受 JPEG、PNG 或 WebP 圖片"
    )
    expect(page.get_by_role("button", name="上傳頭像")).to_be_disabled()


def test_a_text_file_named_png_gets_the_servers_message(
    page, live_server, member, tmp_path
):
    fake = tmp_path / "fake.png"
    fake.write_text("this is text, not a picture")
    open_member_page(page, live_server, member)

    main(page).get_by_label(re.compile("選擇圖片")).set_input_files(fake)
    page.get_by_role("button", name="上傳頭像").click()

    message = page.locator("[data-avatar-message]")
    expect(message).to_have_attribute("data-kind", "error")
    expect(message).not_to_have_text("")
    member.refresh_from_db()
    assert not member.avatar


def test_the_profile_checks_the_phone_and_saves_name_and_phone(
    page, live_server, member
):
    open_member_page(page, live_server, member)
    expect(main(page).get_by_label("電子信箱")).to_have_value("mei@example.com")
    expect(main(page).get_by_label("電子信箱")).to_have_attribute("readonly", "")

    main(page).get_by_label("姓名", exact=True).fill("林美美")
    main(page).get_by_label("手機號碼").fill("0212345678")
    page.get_by_role("button", name="儲存個人資料").click()
    expect(page.locator("#profile-phone-error")).to_contain_text("09 開頭")

    main(page).get_by_label("手機號碼").fill("0987654321")
    page.get_by_role("button", name="儲存個人資料").click()
    expect(page.locator("[data-profile-message]")).to_have_text("個人資料已更新")
    expect(page.locator("[data-member-name]")).to_have_text("林美美")

    member.refresh_from_db()
    assert (member.name, member.phone) == ("林美美", "0987654321")
    page.reload()
    expect(main(page).get_by_label("手機號碼")).to_have_value("0987654321")


def test_a_wrong_current_password_shows_the_servers_message(page, live_server, member):
    open_member_page(page, live_server, member)

    main(page).get_by_label("目前的密碼").fill("not my password")
    main(page).get_by_label("新密碼", exact=True).fill("another long phrase 7")
    main(page).get_by_label("再輸入一次新密碼").fill("another long phrase 7")
    page.get_by_role("button", name="變更密碼").click()

    message = page.locator("[data-password-message]")
    expect(message).to_have_attribute("data-kind", "error")
    expect(message).not_to_have_text("")
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_mismatched_new_passwords_are_caught_before_sending(page, live_server, member):
    open_member_page(page, live_server, member)

    main(page).get_by_label("目前的密碼").fill(PASSWORD)
    main(page).get_by_label("新密碼", exact=True).fill("another long phrase 7")
    main(page).get_by_label("再輸入一次新密碼").fill("another long phrase 8")
    page.get_by_role("button", name="變更密碼").click()

    expect(page.locator("#password-confirm-error")).to_have_text(
        "兩次輸入的新密碼不一致"
    )
    member.refresh_from_db()
    assert member.check_password(PASSWORD)


def test_a_password_change_keeps_this_browser_signed_in_with_the_new_token(
    page, live_server, member
):
    from accounts.tokens import user_for_token

    old_token = sign_in(page, live_server, member)
    page.goto(f"{live_server.url}/member")
    main(page).get_by_label("目前的密碼").fill(PASSWORD)
    main(page).get_by_label("新密碼", exact=True).fill("another long phrase 7")
    main(page).get_by_label("再輸入一次新密碼").fill("another long phrase 7")
    page.get_by_role("button", name="變更密碼").click()

    expect(page.locator("[data-password-message]")).to_have_attribute(
        "data-kind", "success"
    )
    new_token = page.evaluate("localStorage.getItem('token')")
    assert new_token and new_token != old_token
    assert user_for_token(old_token) is None
    page.reload()
    expect(page).to_have_url(f"{live_server.url}/member")
    expect(main(page).get_by_label("姓名", exact=True)).to_have_value("林小美")
    member.refresh_from_db()
    assert member.check_password("another long phrase 7")


def test_an_avatar_over_five_megabytes_is_refused_before_upload(
    page, live_server, member, tmp_path
):
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * (5 * 1024 * 1024 + 1))
    open_member_page(page, live_server, member)

    main(page).get_by_label(re.compile("選擇圖片")).set_input_files(big)

    expect(page.locator("#avatar-file-error")).to_have_text("頭像檔案不能超過 5 MB")
    expect(page.get_by_role("button", name="上傳頭像")).to_be_disabled()


def test_the_member_page_shows_panels_while_it_loads_and_a_retry_when_it_fails(
    page, live_server, member
):
    sign_in(page, live_server, member)
    held = []
    page.route("**/api/user/auth", lambda route: held.append(route))
    page.goto(f"{live_server.url}/member")
    expect(page.locator("[data-member-skeletons] [data-skeleton]")).to_have_count(3)
    expect(page.locator("[data-member-status]")).to_have_text("載入中…")
    expect(main(page).get_by_label("姓名", exact=True)).to_be_hidden()

    page.unroute("**/api/user/auth")
    page.route(
        "**/api/user/auth",
        lambda route: route.fulfill(
            status=503,
            content_type="application/json",
            body='{"error": true, "message": "x"}',
        ),
    )
    for route in held:
        route.fulfill(
            status=503,
            content_type="application/json",
            body='{"error": true, "message": "x"}',
        )
    alert = page.get_by_role("alert").filter(has_text="會員資料載入失敗")
    expect(alert).to_be_visible()
    expect(page.locator("[data-member-skeletons]")).to_be_hidden()
    assert page.url.endswith("/member")  # a failure is not a sign-out
    expect(page.locator("[data-member-status]")).to_have_text("")

    page.unroute("**/api/user/auth")
    alert.get_by_role("button", name="重新載入").click()

    expect(main(page).get_by_label("姓名", exact=True)).to_have_value(member.name)
    expect(alert).to_have_count(0)
    expect(page.locator("[data-member-status]")).to_have_text("")
