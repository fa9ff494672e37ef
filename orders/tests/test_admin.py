import pytest

from devtools.fake_tappay import SANDBOX_TEST_PRIME
from orders.models import Order
from orders.tests.conftest import checkout_body, post_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(auth_client, cart, fake_tappay):
    post_json(auth_client, "/api/orders", checkout_body(cart, prime=SANDBOX_TEST_PRIME))
    return Order.objects.get()


def test_staff_see_an_order_with_its_items_and_payment_attempts(
    admin_client, paid_order
):
    response = admin_client.get(f"/admin/orders/order/{paid_order.pk}/change/")

    page = response.content.decode()
    assert response.status_code == 200
    assert paid_order.number in page
    assert "北投溫泉" in page
    assert paid_order.payments.get().bank_transaction_id in page


@pytest.mark.parametrize("query", ["number", "contact_email", "user_email"])
def test_staff_find_an_order_by_number_or_email(admin_client, paid_order, query):
    term = {
        "number": paid_order.number,
        "contact_email": paid_order.contact_email,
        "user_email": paid_order.user.email,
    }[query]

    response = admin_client.get("/admin/orders/order/", {"q": term})

    assert paid_order.number in response.content.decode()


def test_staff_filter_a_members_orders(admin_client, paid_order):
    response = admin_client.get(
        "/admin/orders/order/",
        {"user__id__exact": paid_order.user_id, "status": "paid"},
    )

    assert response.status_code == 200
    assert paid_order.number in response.content.decode()


def test_the_payment_list_renders(admin_client, paid_order):
    response = admin_client.get("/admin/orders/payment/", {"q": paid_order.number})

    assert paid_order.number in response.content.decode()


def test_refunds_are_no_list_action(admin_client, paid_order):
    response = admin_client.post(
        "/admin/orders/order/",
        {"action": "refund", "_selected_action": [paid_order.pk]},
    )

    paid_order.refresh_from_db()
    assert paid_order.status == "paid"
    assert (
        'name="action"' not in admin_client.get("/admin/orders/order/").content.decode()
    )
    assert response.status_code in (200, 302)


@pytest.mark.parametrize(
    ("query", "found"),
    [({"trip_date": "tomorrow"}, True), ({"trip_date": "past"}, False)],
)
def test_staff_filter_orders_by_trip_date(admin_client, paid_order, query, found):
    page = admin_client.get("/admin/orders/order/", query).content.decode()

    assert (paid_order.number in page) is found


def test_staff_filter_orders_by_a_trip_date_or_attraction(admin_client, paid_order):
    item = paid_order.items.first()

    by_date = admin_client.get(
        "/admin/orders/order/", {"trip_date": item.date.isoformat()}
    )
    by_place = admin_client.get(
        "/admin/orders/order/", {"attraction": item.attraction_id}
    )
    elsewhere = admin_client.get("/admin/orders/order/", {"attraction": 999999})

    assert paid_order.number in by_date.content.decode()
    assert paid_order.number in by_place.content.decode()
    assert paid_order.number not in elsewhere.content.decode()


def test_a_bad_trip_date_filter_is_no_crash(admin_client, paid_order):
    response = admin_client.get("/admin/orders/order/", {"trip_date": "2026-02-30"})

    assert response.status_code in (200, 302)  # Django shows the list with "?e=1"


def test_money_rows_cannot_be_added_or_deleted_in_the_admin(admin_client, paid_order):
    assert admin_client.get("/admin/orders/order/add/").status_code == 403
    assert (
        admin_client.get(f"/admin/orders/order/{paid_order.pk}/delete/").status_code
        == 403
    )


def test_the_cart_admin_lists_bookings(admin_client, cart):
    response = admin_client.get("/admin/bookings/booking/")

    assert response.status_code == 200
    assert "北投溫泉" in response.content.decode()


def test_the_member_column_links_to_that_members_orders(admin_client, paid_order):
    page = admin_client.get("/admin/orders/order/").content.decode()

    assert f"?user__id__exact={paid_order.user_id}" in page
