"""The back office in a real browser: tomorrow's roster and a staff refund of one trip."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from bookings.pricing import today_in_taipei
from e2e.conftest import csp_violations
from e2e.staff import sign_in_staff

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def paid_orders(catalogue, user):
    from attractions.models import Attraction
    from orders.models import Order, OrderItem

    tomorrow = today_in_taipei() + timedelta(days=1)
    places = list(Attraction.objects.order_by("id")[:2])
    orders = []
    for index, (name, phone) in enumerate(
        [("王小明", "0912345678"), ("陳美麗", "0987654321")]
    ):
        order = Order.objects.create(
            user=user,
            status="paid",
            amount=4500,
            contact_name=name,
            contact_email="ming@example.com",
            contact_phone=phone,
        )
        for place, slot, price in [
            (places[index], "morning", 2000),
            (places[1], "afternoon", 2500),
        ]:
            OrderItem.objects.create(
                order=order,
                attraction=place,
                attraction_snapshot_id=place.pk,
                attraction_name=place.name,
                date=tomorrow,
                slot=slot,
                price=price,
            )
        orders.append(order)
    return orders


def test_staff_open_tomorrows_roster_print_it_and_download_the_csv(
    page, console, site, admin_user, paid_orders, settings
):
    sign_in_staff(page, site, admin_user)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="出團名單 Roster").click()

    tomorrow = (today_in_taipei() + timedelta(days=1)).isoformat()
    page.get_by_text("3 個時段 slots，4 位 participants").wait_for()
    assert page.locator(".roster__slot").count() == 3
    assert page.get_by_role("link", name="0987654321").count() == 2  # two trips
    # Nobody's seats are held in this fixture: each slot has all its seats left.
    seats = settings.TRIP_SEATS_PER_SLOT
    assert page.locator(f'[data-seats-left="{seats}"]').count() == 3
    # roster.js reveals the button once it can print: wait for the module to run.
    expect(page.get_by_role("button", name="列印 Print")).to_be_visible()
    page.emulate_media(media="print")
    assert not page.locator(".roster__filters").is_visible()
    assert not page.locator("#header").is_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="下載 CSV Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"roster-{tomorrow}.csv"
    body = open(download.path(), encoding="utf-8").read()  # noqa: PTH123, SIM115
    assert body.startswith("\ufeff日期 Date")
    assert "陳美麗" in body
    assert body.splitlines()[0].endswith(",剩餘名額 Seats left")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    assert csp_violations(page) == []

    page.goto(f"{site}/admin/orders/order/?trip_date=tomorrow")
    results = page.locator(".results")
    assert results.evaluate(
        "el => el.scrollWidth <= el.clientWidth"
    )  # no sideways scroll
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    assert not [line for line in console if line.startswith("pageerror")]


def test_finance_refund_one_trip_of_two_with_a_reason_after_confirming(
    page, site, admin_user, paid_orders, fake_tappay
):
    from devtools.fake_tappay import SANDBOX_TEST_PRIME
    from orders import tappay
    from orders.models import Payment

    order = paid_orders[0]
    # A real charge on the fake gateway, so its Refund API knows the trade.
    charged = tappay.pay_by_prime(
        prime=SANDBOX_TEST_PRIME,
        amount=order.amount,
        bank_transaction_id="TDT-E2E-REFUND",
        order_number=order.number,
        details="e2e",
        cardholder={
            "name": order.contact_name,
            "email": order.contact_email,
            "phone_number": order.contact_phone,
        },
    )
    Payment.objects.create(
        order=order,
        amount=order.amount,
        state="succeeded",
        bank_transaction_id="TDT-E2E-REFUND",
        rec_trade_id=charged.data["rec_trade_id"],
    )
    afternoon = order.items.get(slot="afternoon")
    sign_in_staff(page, site, admin_user)
    page.goto(f"{site}/admin/orders/order/{order.pk}/change/")
    page.get_by_role("link", name="退款 Refund").click()

    page.get_by_role("button", name="檢查退款 Review the refund").click()
    page.get_by_text("請勾選要退款的行程，或填寫金額").wait_for()
    page.get_by_label("NT$ 2500", exact=False).check()
    page.get_by_role("button", name="檢查退款 Review the refund").click()
    page.get_by_text("請填寫退款原因").wait_for()
    page.get_by_label("退款原因 Reason").fill("颱風停團")
    page.get_by_role("button", name="檢查退款 Review the refund").click()
    page.get_by_text("確定要退款 NT$ 2500").wait_for()
    assert page.get_by_text("Left to refund after this: NT$ 2000").is_visible()
    assert refund_calls(fake_tappay) == 0

    page.get_by_role("button", name="確認退款 Confirm refund").click()

    page.get_by_text("Refund succeeded").wait_for()
    assert refund_calls(fake_tappay) == 1
    order.refresh_from_db()
    assert order.status == "paid"
    refund = order.refunds.get()
    assert (refund.amount, refund.reason) == (2500, "颱風停團")
    assert list(refund.items.all()) == [afternoon]

    page.get_by_role("link", name="退款 Refund").click()
    assert page.locator("[data-left]").inner_text() == "NT$ 2000"
    assert (
        page.locator(f"[data-item='{afternoon.pk}']")
        .get_by_text("已退款 Refunded")
        .is_visible()
    )
    assert page.locator("input[name=items]").count() == 1  # the morning trip only


def refund_calls(fake) -> int:
    return sum(len(charge.refunds) for charge in fake.charges)


@pytest.fixture
def content_editor(db):
    import importlib

    from django.contrib.auth.models import Group, Permission

    from accounts.models import User

    # A transactional test flushes the groups the data migration made.
    importlib.import_module("backoffice.migrations.0001_staff_groups").add_groups(
        Group, Permission
    )
    editor = User.objects.create_user(
        "editor@example.com", "editor pass 123", name="編輯", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="內容編輯 Content editors"))
    return editor


def test_a_content_editor_reorders_images_by_dragging_unpublishes_and_sees_no_refunds(
    page, console, site, content_editor, make_attraction, paid_orders
):
    place = make_attraction("北投溫泉博物館", images=3)
    third = place.images.order_by("position")[2]
    sign_in_staff(page, site, content_editor, password="editor pass 123")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/attraction/{place.pk}")
    assert page.get_by_role("heading", name="北投溫泉博物館").is_visible()
    search = f"{site}/api/attractions?page=0&keyword=北投溫泉博物館"
    assert len(page.request.get(search).json()["data"]) == 1

    page.goto(f"{site}/admin/attractions/attraction/{place.pk}/change/")
    rows = page.locator("#images-group tbody tr.has_original")
    rows.nth(2).locator("td.original p").drag_to(rows.nth(0).locator("td.original p"))
    page.get_by_label("已發布 Published").uncheck()
    page.get_by_role("button", name="儲存", exact=True).click()
    page.locator(".messagelist .success").wait_for()

    assert place.images.order_by("position").first().pk == third.pk
    place.refresh_from_db()
    assert not place.is_published
    gone = page.goto(f"{site}/attraction/{place.pk}")
    assert gone.status == 404
    assert page.request.get(search).json()["data"] == []

    page.goto(f"{site}/admin/")
    assert page.get_by_role("link", name="出團名單 Roster").count() == 0
    assert page.locator("a[href='/admin/orders/order/']").count() == 0
    refund = page.goto(f"{site}/admin/orders/order/{paid_orders[0].pk}/refund/")
    assert refund.status == 403
    assert not [line for line in console if line.startswith("pageerror")]
