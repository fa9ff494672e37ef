"""A demo member on a site started by launcher.running_site(), for the page checks.

`make screenshots` and `make lighthouse` show each member's page as a member sees it:
filled in, not as an empty account. Created through the site's own services.
"""

from __future__ import annotations

import json
import subprocess

from launcher import PROJECT, PYTHON

DEMO_EMAIL = "demo@example.com"

# The demo member has a phone number, a paid order of two trips, an order whose card was
# declined, and two trips in the cart. The orders are paid for real through the local
# fake gateway, started inside this shell, so every page shows what a member would see.
MAKE_DEMO = f"""
import datetime, json
from urllib.parse import urlsplit
from django.conf import settings
from accounts.models import User
from accounts.tokens import issue_token
from attractions.models import Attraction
from bookings.pricing import today_in_taipei
from bookings.services import add_booking
from devtools.fake_tappay import FakeTapPay
from orders.models import Order
from orders.services import checkout

user = User.objects.filter(email={DEMO_EMAIL!r}).first() or User.objects.create_user(
    {DEMO_EMAIL!r}, "demo pass phrase 2026", name="示範會員", phone="0912345678")
places = list(Attraction.objects.order_by("id")[:5])

def book(place, days, slot):
    day = today_in_taipei() + datetime.timedelta(days=days)
    return add_booking(user=user, attraction_id=place.id, date=day, slot=slot)

def pay(bookings, prime):
    contact = dict(name=user.name, email=user.email, phone="0912345678")
    price = sum(booking.price for booking in bookings)
    ids = [booking.id for booking in bookings]
    return checkout(user=user, prime=prime, price=price, contact=contact, booking_ids=ids)

numbers = {{}}
if not Order.objects.filter(user=user).exists():
    fake = FakeTapPay().start()
    settings.TAPPAY_BASE_URL = fake.base_url
    settings.TAPPAY_PARTNER_KEY = fake.partner_key
    settings.TAPPAY_MERCHANT_ID = fake.merchant_id
    try:
        pay([book(places[0], 7, "morning"), book(places[1], 8, "afternoon")], "demo_ok")
        pay([book(places[2], 9, "morning")], "fake_decline_demo")
    finally:
        fake.stop()
    book(places[3], 12, "morning")
    book(places[4], 14, "afternoon")
for order in Order.objects.filter(user=user):
    numbers["paid" if order.status == "paid" else "failed"] = order.number
# A live password-reset link and e-mail verification link of the demo member.
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from accounts.membership import verification_url
uid = urlsafe_base64_encode(force_bytes(user.pk))
numbers["reset"] = f"/reset/{{uid}}/{{default_token_generator.make_token(user)}}"
numbers["verify"] = urlsplit(verification_url(user)).path
print(json.dumps({{"token": issue_token(user=user), **numbers}}))
"""


def demo_member(env: dict[str, str]) -> dict[str, str]:
    """The demo member's token, order numbers and links: {"token", "paid", "failed",
    "reset", "verify"} (the last two are paths)."""
    answer = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "shell", "-c", MAKE_DEMO],
        cwd=PROJECT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(answer.stdout.strip().splitlines()[-1])
