"""The figures on the admin index: trips and seats, money in and out, stuck payments."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count

from backoffice.charts import Bar, bar_chart
from bookings.pricing import TAIPEI, today_in_taipei
from orders import services as order_services
from orders.models import AttemptState, OrderItem, OrderStatus, Payment, Refund

SEAT_DAYS = 14
REVENUE_WEEKS = 8


@dataclass(frozen=True)
class DayTrips:
    day: date
    trips: int  # order items (one trip of one order)
    seats: int  # people on those trips


def start_of(day: date) -> datetime:
    """Midnight in Taipei at the start of this day."""
    return datetime.combine(day, time.min, tzinfo=TAIPEI)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())  # Monday


def paid_trips():
    return OrderItem.objects.filter(order__status=OrderStatus.PAID)


def trips_by_day(first: date, days: int) -> list[DayTrips]:
    """Paid trips and their seats on each day from `first`, `days` days long."""
    rows = {
        row["date"]: row
        for row in paid_trips()
        .filter(date__gte=first, date__lt=first + timedelta(days=days))
        .values("date")
        # Every trip is one person until orders carry a party size.
        .annotate(trips=Count("id"), seats=Count("id"))
    }
    return [
        DayTrips(
            day, rows.get(day, {}).get("trips", 0), rows.get(day, {}).get("seats", 0)
        )
        for day in (first + timedelta(days=offset) for offset in range(days))
    ]


def money_by_week(model, first_week: date, weeks: int) -> list[int]:
    """Succeeded payment (or refund) amounts per Taipei week, from `first_week` on."""
    totals = defaultdict(int)
    since, until = start_of(first_week), start_of(first_week + timedelta(weeks=weeks))
    for requested_at, amount in model.objects.filter(
        state=AttemptState.SUCCEEDED, requested_at__gte=since, requested_at__lt=until
    ).values_list("requested_at", "amount"):
        totals[week_start(requested_at.astimezone(TAIPEI).date())] += amount
    return [totals[first_week + timedelta(weeks=week)] for week in range(weeks)]


def stuck_payments() -> list[Payment]:
    """Payments still `unknown`, or `pending` past the gateway timeout: what the
    reconcile job would settle now."""
    return order_services.open_payments()


def dashboard(today: date | None = None) -> dict:
    today = today or today_in_taipei()
    upcoming = trips_by_day(today, SEAT_DAYS)
    this_week = week_start(today)
    first_week = this_week - timedelta(weeks=REVENUE_WEEKS - 1)
    revenue = money_by_week(Payment, first_week, REVENUE_WEEKS)
    refunds = money_by_week(Refund, first_week, REVENUE_WEEKS)
    weeks = [first_week + timedelta(weeks=week) for week in range(REVENUE_WEEKS)]
    return {
        "today": upcoming[0],
        "tomorrow": upcoming[1],
        "week_revenue": revenue[-1],
        "week_refunds": refunds[-1],
        "week_start": this_week,
        "upcoming": upcoming,
        "weeks": list(zip(weeks, revenue, refunds, strict=True)),
        "seats_chart": bar_chart(
            [
                Bar(
                    f"{day.day.month}/{day.day.day}",
                    day.seats,
                    str(day.seats),
                    is_highlighted=day.day == today,
                )
                for day in upcoming
            ],
            title="未來 14 天每日售出座位 Seats sold per day, next 14 days",
            description="今天的長條為斜線 Today's bar is hatched.",
            chart_id="seats-chart",
        ),
        "revenue_chart": bar_chart(
            [
                Bar(
                    f"{week.month}/{week.day}",
                    amount,
                    f"{amount / 1000:.1f}k" if amount >= 1000 else str(amount),
                    is_highlighted=week == this_week,
                )
                for week, amount in zip(weeks, revenue, strict=True)
            ],
            title="近 8 週每週營收（新臺幣）Revenue per week, last 8 weeks (TWD)",
            description="標籤為該週週一；本週的長條為斜線 Labels are each week's Monday; "
            "this week's bar is hatched.",
            chart_id="revenue-chart",
        ),
        "stuck_payments": stuck_payments(),
    }
