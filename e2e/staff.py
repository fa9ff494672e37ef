"""Staff sign-in in the browser: the admin's password form, then the second factor."""

import base64

from django_otp.oath import totp

from backoffice.testing import current_code, enrolled_authenticator

ADMIN_PASSWORD = "password"  # pytest-django's admin_user


def sign_in_with_password(page, site, user, password=ADMIN_PASSWORD, next_url=""):
    query = f"?next={next_url}" if next_url else ""
    page.goto(f"{site}/admin/login/{query}")
    page.fill("#id_username", user.email)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/second-factor/**")


def code_from_shown_key(page) -> str:
    """What an authenticator app shows after the key on the enrolment page is typed in."""
    secret = page.locator("[data-otp-secret]").inner_text().replace(" ", "")
    return f"{totp(base64.b32decode(secret)):06d}"


def sign_in_staff(page, site, user, password=ADMIN_PASSWORD):
    """Signs in as staff who already have an authenticator (one is made if needed)."""
    device = enrolled_authenticator(user)
    sign_in_with_password(page, site, user, password)
    page.fill("#id_code", current_code(device))
    page.click("#login-form input[type=submit]")
    page.wait_for_url(f"{site}/admin/")
