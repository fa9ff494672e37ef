"""Staff sign-in with a second factor, as staff do it in the browser."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.testing import current_code
from e2e.conftest import csp_violations
from e2e.staff import code_from_shown_key, sign_in_with_password

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_first_sign_in_enrols_then_every_sign_in_asks_for_a_code(
    page, console, site, admin_user
):
    sign_in_with_password(page, site, admin_user, next_url="/admin/orders/order/")
    page.get_by_text("第一次登入後台").wait_for()
    assert page.locator(".otp-qr svg").count() == 1

    page.fill("#id_code", code_from_shown_key(page))
    page.get_by_role("button", name="啟用並登入 Enable and sign in").click()

    page.locator("[data-backup-codes] code").first.wait_for()  # the next page
    codes = page.locator("[data-backup-codes] code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="我已抄下，繼續 I have them: continue").click()
    page.wait_for_url(f"{site}/admin/orders/order/")

    page.locator("#logout-form button").click()
    sign_in_with_password(page, site, admin_user)
    page.get_by_text("請輸入驗證器 App 顯示的 6 位數字").wait_for()
    page.fill("#id_code", "000000" if codes[0] != "000000" else "111111")
    page.get_by_role("button", name="驗證 Verify").click()
    page.get_by_text("驗證碼不正確").wait_for()

    page.wait_for_timeout(1100)  # django-otp locks a device for 1 s after a wrong code
    page.fill("#id_code", codes[0])
    page.get_by_role("button", name="驗證 Verify").click()
    page.wait_for_url(f"{site}/admin/")
    assert csp_violations(page) == []
    assert not [line for line in console if line.startswith("pageerror")]


def test_staff_cannot_skip_the_second_factor(page, site, admin_user):
    device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    sign_in_with_password(page, site, admin_user)

    page.goto(f"{site}/admin/orders/order/")
    page.wait_for_url("**/admin/second-factor/**")

    page.fill("#id_code", current_code(device))
    page.get_by_role("button", name="驗證 Verify").click()
    page.wait_for_url(f"{site}/admin/orders/order/")
