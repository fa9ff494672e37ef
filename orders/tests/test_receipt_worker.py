"""The receipt goes through the real task queue: a Celery worker process, a private
Redis and a real SMTP server on 127.0.0.1 that is down during the checkout."""

import time

import pytest

from devtools.fake_tappay import SANDBOX_TEST_PRIME
from mail.models import Email
from orders.models import Order
from orders.tests.conftest import checkout_body, post_json
from taipei_trip.testing import SmtpServer, free_port, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def smtp_env(port: int, **extra) -> dict[str, str]:
    return {
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(port),
        "DJANGO_EMAIL_TIMEOUT": "2",
        "DJANGO_MAIL_RETRY_BASE_DELAY": "1",
        "DJANGO_MAIL_RETRY_MAX_DELAY": "2",
        **extra,
    }


def receipt_email() -> Email | None:
    return Email.objects.filter(template="receipt").first()


def test_with_the_mail_server_down_the_order_is_paid_and_the_receipt_sent_once_it_is_back(
    auth_client, cart, fake_tappay, task_worker
):
    smtp = SmtpServer()  # its port is chosen, nothing listens on it yet
    task_worker(env=smtp_env(smtp.port, DJANGO_MAIL_MAX_ATTEMPTS="30"))

    started = time.monotonic()
    response = post_json(
        auth_client, "/api/orders", checkout_body(cart, prime=SANDBOX_TEST_PRIME)
    )
    assert response.status_code == 200, response.content
    assert time.monotonic() - started < 5  # no waiting for the mail server
    order = Order.objects.get()
    assert order.status == "paid"

    failing = wait_until(
        lambda: (e := receipt_email()) and e.attempts >= 2 and e,
        timeout=90,
        what="2 failed sends",
    )
    assert failing.state in ("queued", "sending")
    assert "Connection refused" in failing.last_error

    smtp.start()
    try:
        sent = wait_until(
            lambda: (e := receipt_email()) and e.state == "sent" and e,
            timeout=90,
            what="sent",
        )
        time.sleep(3)  # a duplicate would arrive within the backoff window
        assert len(smtp.messages) == 1
    finally:
        smtp.stop()
    message = smtp.messages[0]
    assert message["To"] == "ming@example.com"
    assert order.number in message["Subject"]
    html = message.get_body(preferencelist=("html",)).get_content()
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert f"/order/{order.number}" in html
    assert "4,500" in text
    assert sent.attempts >= 3 and sent.sent_at


def test_a_mail_that_keeps_failing_is_kept_as_failed_with_its_error(task_worker):
    from mail.services import queue_mail

    task_worker(env=smtp_env(free_port(), DJANGO_MAIL_MAX_ATTEMPTS="3"))
    email = queue_mail(
        to="ming@example.com",
        template="receipt",
        context={"order": {"number": "TDT-TEST", "amount": 1}, "items": []},
    )
    failed = wait_until(
        lambda: (e := Email.objects.get(pk=email.pk)).state == "failed" and e,
        timeout=90,
        what="the mail to be given up",
    )
    assert failed.attempts == 3
    assert "Connection refused" in failed.last_error
