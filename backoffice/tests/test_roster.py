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

    assert "1 個時段 slots，1 位 participants" in page.content.decode()


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
