"""The mail outbox: queueing, one send per key, retries with backoff, giving up."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from mail import services
from mail.models import Email
from taipei_trip.testing import free_port

pytestmark = pytest.mark.django_db

RECEIPT_CONTEXT = {
    "order": {"number": "TDT-AAAA-BBBB-CCCC", "amount": 4500, "contact_name": "小明"},
    "items": [],
    "order_url": "http://testserver/thankyou?number=TDT-AAAA-BBBB-CCCC",
}


@pytest.fixture
def mail_server_down(settings):
    """The real SMTP backend pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 2


def queue(**kwargs):
    return services.queue_mail(
        to="ming@example.com", template="receipt", context=RECEIPT_CONTEXT, **kwargs
    )


def test_a_queued_mail_is_sent_after_commit_as_text_and_html(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = queue()
    assert mailoutbox == [] and len(callbacks) == 1
    callbacks[0]()

    email.refresh_from_db()
    assert email.state == "sent" and email.attempts == 1 and email.sent_at
    [message] = mailoutbox
    assert message.to == ["ming@example.com"]
    assert message.subject == "台北一日遊訂單 TDT-AAAA-BBBB-CCCC 付款完成"
    assert "NT$ 4,500" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<strong>TDT-AAAA-BBBB-CCCC</strong>" in html
    assert message.extra_headers["Message-ID"].startswith(f"<email-{email.pk}.")


def test_a_rolled_back_transaction_queues_and_sends_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            queue(key="receipt:rolled-back")
            raise RuntimeError
    assert not Email.objects.exists() and mailoutbox == []


def test_the_same_key_is_queued_and_sent_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(key="receipt:TDT-AAAA-BBBB-CCCC")
        second = queue(key="receipt:TDT-AAAA-BBBB-CCCC")
    assert first.pk == second.pk
    assert len(mailoutbox) == 1


def test_html_in_the_context_is_escaped_in_html_but_not_in_text(mailoutbox):
    context = {**RECEIPT_CONTEXT, "order": {**RECEIPT_CONTEXT["order"]}}
    context["order"]["contact_name"] = "<b>小明</b> & 家人"
    subject, text, html = services.render_mail(template="receipt", context=context)
    assert "<b>小明</b> & 家人 您好" in text
    assert "&lt;b&gt;小明&lt;/b&gt; &amp; 家人" in html


def test_a_failed_send_is_recorded_and_retried_later_with_backoff(
    mail_server_down, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    email = Email.objects.create(
        to="ming@example.com", template="receipt", subject="s", text_body="t"
    )
    before = timezone.now()

    delivery = services.deliver_email(email_id=email.pk)

    email.refresh_from_db()
    assert delivery.outcome == "retry"
    assert settings.MAIL_RETRY_BASE_DELAY * 0.8 <= delivery.retry_in
    assert delivery.retry_in <= settings.MAIL_RETRY_BASE_DELAY
    assert email.state == "queued" and email.attempts == 1
    assert "Connection refused" in email.last_error
    assert email.next_attempt_at >= before + timedelta(seconds=delivery.retry_in - 1)


def test_the_backoff_doubles_up_to_the_maximum(settings):
    settings.MAIL_RETRY_BASE_DELAY = 30
    settings.MAIL_RETRY_MAX_DELAY = 3600
    delays = [services.retry_delay(attempts) for attempts in (1, 2, 3, 8, 20)]
    for delay, ceiling in zip(delays, (30, 60, 120, 3600, 3600), strict=True):
        assert ceiling * 0.8 <= delay <= ceiling


def test_a_mail_that_keeps_failing_is_marked_failed_and_kept(
    mail_server_down, settings
):
    settings.MAIL_MAX_ATTEMPTS = 2
    email = Email.objects.create(
        to="ming@example.com", template="receipt", subject="s", text_body="t"
    )
    assert services.deliver_email(email_id=email.pk).outcome == "retry"
    assert services.deliver_email(email_id=email.pk).outcome == "failed"
    email.refresh_from_db()
    assert email.state == "failed" and email.attempts == 2
    assert "Connection refused" in email.last_error
    # A late duplicate task does nothing to a failed mail.
    assert services.deliver_email(email_id=email.pk).outcome == "skipped"


def test_a_mail_another_worker_is_sending_is_skipped_until_its_lease_ends(
    mailoutbox, settings
):
    email = Email.objects.create(
        to="ming@example.com",
        template="receipt",
        subject="s",
        text_body="t",
        state="sending",
        claimed_at=timezone.now(),
        attempts=1,
    )
    assert services.deliver_email(email_id=email.pk).outcome == "skipped"
    Email.objects.filter(pk=email.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.MAIL_SENDING_LEASE + 1)
    )
    assert services.deliver_email(email_id=email.pk).outcome == "sent"
    assert len(mailoutbox) == 1
    # A resend after a lost answer carries the same Message-ID.
    Email.objects.filter(pk=email.pk).update(state="queued")
    services.deliver_email(email_id=email.pk)
    ids = {message.extra_headers["Message-ID"] for message in mailoutbox}
    assert len(mailoutbox) == 2 and len(ids) == 1


def test_a_sent_mail_is_never_sent_again(mailoutbox):
    email = Email.objects.create(
        to="ming@example.com", template="receipt", subject="s", text_body="t"
    )
    assert services.deliver_email(email_id=email.pk).outcome == "sent"
    assert services.deliver_email(email_id=email.pk).outcome == "skipped"
    assert len(mailoutbox) == 1


def test_the_sweep_sends_mails_the_queue_never_got(mailoutbox):
    long_ago = timezone.now() - timedelta(minutes=5)
    lost = Email.objects.create(
        to="ming@example.com",
        template="receipt",
        subject="lost",
        text_body="t",
        next_attempt_at=long_ago,
    )
    waiting = Email.objects.create(
        to="ming@example.com",
        template="receipt",
        subject="waiting for its retry",
        text_body="t",
        next_attempt_at=timezone.now() + timedelta(minutes=5),
    )

    assert services.requeue_stalled_emails() == 1

    assert [message.subject for message in mailoutbox] == ["lost"]
    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert lost.state == "sent" and waiting.state == "queued"


def test_staff_can_send_a_failed_mail_again(
    admin_client, mailoutbox, django_capture_on_commit_callbacks
):
    email = Email.objects.create(
        to="ming@example.com",
        template="receipt",
        subject="s",
        text_body="t",
        state="failed",
        attempts=12,
        last_error="SMTPServerDisconnected: gone",
    )
    page = admin_client.get("/admin/mail/email/")
    assert page.status_code == 200 and "寄送失敗" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/mail/email/",
            {"action": "send_again", "_selected_action": [email.pk]},
        )
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.state == "sent" and email.attempts == 1
    assert len(mailoutbox) == 1
