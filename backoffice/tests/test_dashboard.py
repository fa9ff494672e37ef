"""The admin index dashboard and its "reconcile now" action."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from backoffice.dashboard import dashboard
from backoffice.tests.conftest import TOMORROW
from bookings.pricing import today_in_taipei
from orders.models import Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(make_attraction, make_paid_order):
    tower = make_attraction("台北101")
    today = today_in_taipei()
    paid = make_paid_order((tower, today, "morning"), (tower, TOMORROW, "afternoon"))
    make_paid_order((tower, TOMORROW, "morning"))
    Payment.objects.create(
        order=paid, amount=4500, state="succeeded", bank_transaction_id="TDT-OK-1"
    )
    return paid


def test_the_figures_count_todays_and_tomorrows_paid_trips(business):
    figures = dashboard()

    assert (figures["today"].trips, figures["tomorrow"].trips) == (1, 2)
    assert figures["week_revenue"] == 4500
    assert [day.seats for day in figures["upcoming"][:3]] == [1, 2, 0]


def test_the_charts_are_svg_with_every_value_written_on_them(admin_client, business):
    page = admin_client.get("/admin/")

    text = page.content.decode()
    assert text.count('<svg class="chart"') == 2
    assert 'class="chart__value">2</text>' in text  # tomorrow's seats, as text
    assert "url(#seats-chart-hatch)" in text  # today is hatched, not only coloured
    assert 'class="chart__value">4.5k</text>' in text


def test_payments_left_unknown_are_listed_and_reconcile_now_settles_them(
    admin_client, business, fake_tappay
):
    stuck = Payment.objects.create(
        order=business,
        amount=4500,
        state="unknown",
        bank_transaction_id="TDT-LOST-1",
        answered_at=timezone.now() - timedelta(minutes=5),
    )
    assert "TDT-LOST-1" in admin_client.get("/admin/").content.decode()

    response = admin_client.post("/admin/reconcile-now/", follow=True)

    stuck.refresh_from_db()
    assert stuck.state != "unknown" or "still unknown" in response.content.decode()
    assert "對帳完成 Reconciled: 1 open attempts checked" in response.content.decode()


def test_reconcile_now_runs_what_the_command_runs(monkeypatch, admin_client):
    from orders import services

    calls = []
    real = services.reconcile_open_attempts
    monkeypatch.setattr(
        services, "reconcile_open_attempts", lambda **kw: calls.append(kw) or real(**kw)
    )

    call_command("reconcile_payments", verbosity=0)
    admin_client.post("/admin/reconcile-now/")

    assert len(calls) == 2


def test_content_editors_get_no_money_figures(staff_in_group, business):
    editor = staff_in_group("內容編輯 Content editors")

    page = editor.get("/admin/")

    assert page.status_code == 200
    assert "營運概況 Dashboard" not in page.content.decode()
    assert editor.post("/admin/reconcile-now/").status_code == 403
