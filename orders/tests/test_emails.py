"""The order e-mails: what the receipt says, and the reminder the day before a trip."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.pricing import today_in_taipei
from mail.models import Email
from orders.emails import queue_receipt, queue_trip_reminders
from orders.tasks import send_trip_reminders

pytestmark = pytest.mark.django_db


def test_the_receipt_lists_each_trip_with_its_date_slot_hours_and_the_order_link(
    make_order, mailoutbox, django_capture_on_commit_callbacks
):
    order = make_order(status="paid", items=2)
    order.paid_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        queue_receipt(order=order)

    [message] = mailoutbox
    first = (today_in_taipei() + timedelta(days=1)).isoformat()
    assert f"・{first}" in message.body
    assert "上半天（09:00–14:00）" in message.body
    assert f"http://127.0.0.1:8000/order/{order.number}" in message.body
    html = message.alternatives[0][0]
    assert f'href="http://127.0.0.1:8000/order/{order.number}"' in html
    assert "NT$ 4,000" in html


def test_the_reminder_goes_once_to_each_paid_order_with_a_trip_tomorrow(
    make_order, mailoutbox, django_capture_on_commit_callbacks
):
    tomorrow = make_order(status="paid", items=1)
    make_order(status="pending", items=1)  # not paid: no reminder
    make_order(status="refunded", items=1)
    later = make_order(status="paid", items=1)
    later.items.update(date=today_in_taipei() + timedelta(days=5))

    with django_capture_on_commit_callbacks(execute=True):
        assert send_trip_reminders.delay().get() == 1
        # Hourly runs, a second scheduler or a retried task: still one mail.
        assert queue_trip_reminders() == 1

    [message] = mailoutbox
    assert message.to == [tomorrow.contact_email]
    assert "行程提醒" in message.subject
    assert tomorrow.number in message.body and later.number not in message.body
    assert Email.objects.filter(template="trip_reminder").count() == 1


def test_the_reminder_schedule_runs_hourly_in_the_daytime_in_taipei(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["orders-trip-reminders"]
    assert schedule["task"] == "orders.tasks.send_trip_reminders"
    assert schedule["schedule"].hour == set(range(9, 22))
    assert settings.CELERY_TIMEZONE == "Asia/Taipei"


def test_the_receipt_names_customer_service_the_policy_and_the_company(
    make_order, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SUPPORT_EMAIL = "help@trip.example"
    settings.COMPANY_TAX_ID = "24681357"
    order = make_order(status="paid", items=1)
    with django_capture_on_commit_callbacks(execute=True):
        queue_receipt(order=order)

    [message] = mailoutbox
    for part in (message.body, message.alternatives[0][0]):
        assert "help@trip.example" in part
        assert "統一編號 24681357" in part
        assert "/help/refunds" in part
        assert "新臺幣" not in part


def test_the_receipt_gives_each_trip_its_party_size_and_cancellation_deadline(
    make_order, mailoutbox, django_capture_on_commit_callbacks
):
    from orders.models import OrderItem

    order = make_order(status="paid", items=1)
    OrderItem.objects.update(participants=3, price=6000)
    with django_capture_on_commit_callbacks(execute=True):
        queue_receipt(order=order)

    [message] = mailoutbox
    # Tomorrow's 09:00 start, less the 24 free-cancellation hours: today 09:00.
    deadline = f"{today_in_taipei().isoformat()} 09:00"
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "3 人" in body
        assert f"免費取消期限：{deadline}" in body
        assert "24 小時以前取消可全額退款" in body
