"""Celery tasks of the mail outbox (see mail/services.py)."""

from celery import shared_task

from mail import services


@shared_task(bind=True, max_retries=None)
def send_email(self, email_id: int) -> str:
    """Deliver one queued e-mail; on failure retry it after the backoff delay."""
    delivery = services.deliver_email(email_id=email_id)
    if delivery.outcome == "retry":
        raise self.retry(countdown=delivery.retry_in)
    return delivery.outcome


@shared_task
def requeue_stalled_emails() -> int:
    """Every minute (beat): enqueue mails no worker is handling."""
    return services.requeue_stalled_emails()
