"""E-mails go out in the member's language: the one the order was paid in (the API
request's `lang`), though the worker that renders a reminder has no request."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.pricing import today_in_taipei
from devtools.fake_tappay import SANDBOX_TEST_PRIME
from orders.emails import queue_receipt, queue_trip_reminders
from orders.models import Order
from orders.tests.conftest import checkout_body, post_json

pytestmark = pytest.mark.django_db


def weekday_date(day):
    return f"{day:%a}, {day.day} {day:%b %Y}"


def test_an_order_paid_on_english_pages_gets_an_english_receipt(
    auth_client,
    cart,
    attraction,
    fake_tappay,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    attraction.name_en = "Taipei 101"
    attraction.save()
    body = checkout_body(cart, prime=SANDBOX_TEST_PRIME)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(auth_client, "/api/orders?lang=en", body)

    assert response.json()["data"]["payment"]["message"] == "Payment successful"
    order = Order.objects.get()
    assert order.language == "en"
    [message] = mailoutbox
    assert message.subject == f"Taipei Day Trip order {order.number}: payment received"
    assert message.from_email == "Taipei Day Trip <no-reply@localhost>"
    tomorrow = today_in_taipei() + timedelta(days=1)
    assert f"• {weekday_date(tomorrow)}, Morning, 9:00–14:00" in message.body
    assert "Total: NT$4,500" in message.body
    assert f"http://127.0.0.1:8000/en/order/{order.number}" in message.body
    html = message.alternatives[0][0]
    assert '<html lang="en">' in html
    assert "NT$2,000" in html and "View order" in html
    assert "上半天" not in message.body + html
    # Place names in English where staff wrote them, else 繁體中文, marked as such.
    assert "  Taipei 101 · 1 person · NT$2,000" in message.body
    assert "<strong>Taipei 101</strong>" in html
    assert '<strong lang="zh-Hant">北投溫泉</strong>' in html
    address = '<span lang="zh-Hant">臺北市北投區中山路2號</span>'
    assert f"Address: {address}" in html


def test_without_lang_the_receipt_stays_in_traditional_chinese(
    auth_client, cart, fake_tappay, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_json(auth_client, "/api/orders", checkout_body(cart, prime="x"))

    assert Order.objects.get().language == "zh-hant"
    [message] = mailoutbox
    assert message.from_email == "台北一日遊 <no-reply@localhost>"
    assert message.subject.endswith("付款完成")
    assert '<html lang="zh-Hant">' in message.alternatives[0][0]


def test_a_receipt_renders_in_japanese_with_subject_money_dates_and_slot(
    make_order, mailoutbox, django_capture_on_commit_callbacks
):
    order = make_order(status="paid", items=1)
    Order.objects.filter(pk=order.pk).update(language="ja", paid_at=timezone.now())
    order.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        queue_receipt(order=order)

    [message] = mailoutbox
    assert (
        message.subject
        == f"【台北一日遊】ご注文 {order.number} のお支払いが完了しました"
    )
    tomorrow = today_in_taipei() + timedelta(days=1)
    date = f"{tomorrow.year}年{tomorrow.month}月{tomorrow.day}日"
    assert date in message.body and "午前 9:00–14:00" in message.body
    assert "合計：NT$2,000" in message.body
    assert f"http://127.0.0.1:8000/ja/order/{order.number}" in message.body
    assert "24時間前までのキャンセルは全額返金" in message.body
    html = message.alternatives[0][0]
    # Japanese type, not Chinese glyph shapes for the kanji.
    assert '<html lang="ja">' in html and "'Noto Sans JP'" in html


def test_the_reminder_is_rendered_in_the_orders_language_by_the_worker(
    make_order, mailoutbox, django_capture_on_commit_callbacks
):
    order = make_order(status="paid", items=1)
    Order.objects.filter(pk=order.pk).update(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert queue_trip_reminders() == 1

    [message] = mailoutbox
    tomorrow = today_in_taipei() + timedelta(days=1)
    assert message.subject == (
        f"See you tomorrow! Your Taipei Day Trip on {tomorrow.day} {tomorrow:%b}"
    )
    assert "Morning, 9:00–14:00" in message.body


def test_a_trip_cancelled_on_japanese_pages_is_confirmed_in_japanese(
    auth_client,
    book,
    attraction,
    fake_tappay,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    cart = [book(attraction, days=3, slot="afternoon")]
    post_json(auth_client, "/api/orders", checkout_body(cart, prime=SANDBOX_TEST_PRIME))
    order = Order.objects.get()
    assert order.language == "zh-hant"
    mailoutbox.clear()  # the receipt

    with django_capture_on_commit_callbacks(execute=True):
        response = post_json(
            auth_client, f"/api/order/{order.number}/cancel?lang=ja", {}
        )

    assert response.status_code == 200, response.content
    [message] = mailoutbox
    assert (
        message.subject
        == f"【台北一日遊】ご注文 {order.number} の NT$2,500 を返金しました"
    )
    assert "午後 14:00–21:00" in message.body
    assert f"http://127.0.0.1:8000/ja/order/{order.number}" in message.body


def test_a_refused_cancellation_leaves_the_orders_language(
    auth_client, make_order, taipei_clock
):
    order = make_order(status="paid", items=1)
    taipei_clock("10:00")  # tomorrow's 09:00 trip: free cancellation ended at 09:00

    response = post_json(auth_client, f"/api/order/{order.number}/cancel?lang=ja", {})

    assert response.status_code == 400
    order.refresh_from_db()
    assert order.language == "zh-hant"
