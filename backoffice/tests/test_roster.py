"""The roster: tomorrow's paid trips by slot, printable and as CSV."""

import csv
import io

import pytest

from backoffice.tests.conftest import TOMORROW

pytestmark = pytest.mark.django_db

ROSTER = "/admin/roster/"


@pytest.fixture
def trips(make_attraction, make_paid_order):
    tower = make_attraction("台北101")
    spring = make_attraction("北投溫泉", mrt="新北投")
    make_paid_order((tower, TOMORROW, "morning"), name="王小明", phone="0912345678")
    make_paid_order(
        (tower, TOMORROW, "morning"), (spring, TOMORROW, "afternoon"), name="=陳大文"
    )
    make_paid_order((tower, TOMORROW, "morning"), status="pending", name="未付款")
    make_paid_order((spring, TOMORROW.replace(year=TOMORROW.year + 1), "morning"))
    return tower, spring


def test_the_roster_lists_tomorrows_paid_participants_by_slot(admin_client, trips):
    page = admin_client.get(ROSTER)

    text = page.content.decode().split("roster__summary")[1]  # past the filters
    assert page.status_code == 200
    assert "2 個時段 slots，3 位 participants" in text
    assert text.index("台北101") < text.index("北投溫泉")  # morning before afternoon
    assert "0912345678" in text and "=陳大文" in text
    assert "未付款" not in text


def test_the_roster_filters_by_attraction(admin_client, trips):
    _, spring = trips

    page = admin_client.get(
        ROSTER, {"date_from": TOMORROW.isoformat(), "attraction": spring.pk}
    )

    # One place: both of its slots, the morning's empty, the afternoon's 1 participant.
    assert "2 個時段 slots，1 位 participants" in page.content.decode()


def test_the_roster_exports_csv_with_a_bom_and_no_formulas(admin_client, trips):
    response = admin_client.get(
        ROSTER, {"date_from": TOMORROW.isoformat(), "format": "csv"}
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="roster-{TOMORROW}.csv"' in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0][0] == "日期 Date"
    assert len(rows) == 4
    assert "'=陳大文" in [row[5] for row in rows]


def test_a_date_range_covers_every_day_in_it(admin_client, trips):
    last = TOMORROW.replace(year=TOMORROW.year + 1)

    page = admin_client.get(
        ROSTER, {"date_from": TOMORROW.isoformat(), "date_to": last.isoformat()}
    )

    assert page.status_code == 400  # more than 62 days
    assert "一次最多 62 天" in page.content.decode()


@pytest.mark.parametrize("bad", ["tomorrow", "2026-02-30", ""])
def test_a_bad_date_is_a_form_message_not_a_crash(admin_client, bad):
    page = admin_client.get(ROSTER, {"date_from": bad})

    assert page.status_code == 400
    assert "errornote" in page.content.decode()


def test_operations_see_the_roster_and_content_editors_do_not(staff_in_group, trips):
    operations = staff_in_group("營運 Operations")
    assert operations.get(ROSTER).status_code == 200
    operations.logout()
    editor = staff_in_group("內容編輯 Content editors")
    assert editor.get(ROSTER).status_code == 403


def test_the_roster_counts_each_party_and_leaves_out_cancelled_trips(
    admin_client, trips
):
    from django.utils import timezone

    from orders.models import OrderItem

    tower, spring = trips
    OrderItem.objects.filter(
        order__contact_name="王小明", attraction=tower, order__status="paid"
    ).update(participants=4, price=8000)
    OrderItem.objects.filter(attraction=spring, date=TOMORROW).update(
        cancelled_at=timezone.now()
    )

    text = admin_client.get(ROSTER).content.decode().split("roster__summary")[1]

    # 王小明's party of 4 and =陳大文's 1 at 台北101; the 北投 trip was cancelled.
    assert "1 個時段 slots，5 位 participants" in text


def sold(order, count):
    """Give the order's trips `count` participants holding seats, as checkout does."""
    from bookings.seats import take_seats

    for item in order.items.select_related("attraction"):
        item.participants = count
        item.seats_held = True
        item.save()
        take_seats(
            attraction=item.attraction,
            day=item.date,
            slot=item.slot,
            count=count,
            order_item_id=item.pk,
            slot_label=item.get_slot_display(),
        )


def test_each_slot_shows_its_seats_left_in_the_page_and_the_csv(
    admin_client, make_attraction, make_paid_order, settings
):
    settings.TRIP_SEATS_PER_SLOT = 20
    tower = make_attraction("台北101")
    sold(make_paid_order((tower, TOMORROW, "morning")), 3)

    page = admin_client.get(ROSTER).content.decode()
    body = admin_client.get(ROSTER, {"format": "csv"}).content.decode()

    assert 'data-seats-left="17"' in page
    assert "剩 17／20 位 17 of 20 seats left" in page
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert rows[0][-1] == "剩餘名額 Seats left"
    assert [row[-1] for row in rows[1:]] == ["17"]


def test_seats_held_by_an_order_still_in_checkout_are_not_left(
    admin_client, make_attraction, make_paid_order, settings
):
    settings.TRIP_SEATS_PER_SLOT = 20
    tower = make_attraction("台北101", seats_per_slot=8)
    sold(make_paid_order((tower, TOMORROW, "morning")), 3)
    sold(make_paid_order((tower, TOMORROW, "morning"), status="pending"), 2)

    page = admin_client.get(ROSTER).content.decode()

    # The attraction's own capacity, less 3 paid and 2 being paid; only 3 listed.
    assert "3 位 participants · 剩 3／8 位 3 of 8 seats left" in page


def test_a_slot_with_only_seats_in_checkout_or_closed_is_listed(
    admin_client, make_attraction, make_paid_order
):
    from bookings.models import Departure

    tower = make_attraction("台北101", seats_per_slot=10)
    sold(make_paid_order((tower, TOMORROW, "morning"), status="pending"), 4)
    Departure.objects.create(
        attraction=tower, date=TOMORROW, slot="afternoon", is_closed=True
    )

    text = admin_client.get(ROSTER).content.decode().split("roster__summary")[1]

    assert "2 個時段 slots，0 位 participants" in text
    assert 'data-seats-left="6"' in text
    assert 'data-seats-left="0"' in text and "停止販售 closed" in text


def test_one_attraction_lists_every_slot_of_the_range_with_seats_left(
    admin_client, make_attraction, make_paid_order
):
    from datetime import timedelta

    tower = make_attraction("台北101", seats_per_slot=12)
    sold(make_paid_order((tower, TOMORROW, "afternoon")), 5)
    last = TOMORROW + timedelta(days=1)

    response = admin_client.get(
        ROSTER,
        {
            "date_from": TOMORROW.isoformat(),
            "date_to": last.isoformat(),
            "attraction": tower.pk,
            "format": "csv",
        },
    )

    rows = list(csv.reader(io.StringIO(response.content.decode()[1:])))[1:]
    assert [(row[0], row[1].split()[-1], row[-1]) for row in rows] == [
        (TOMORROW.isoformat(), "morning", "12"),
        (TOMORROW.isoformat(), "afternoon", "7"),
        (last.isoformat(), "morning", "12"),
        (last.isoformat(), "afternoon", "12"),
    ]
    assert rows[1][8] == "5" and rows[0][8] == ""
