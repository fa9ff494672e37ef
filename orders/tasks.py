"""Celery tasks of the orders app."""

from celery import shared_task

from orders import emails, services


@shared_task
def send_trip_reminders() -> int:
    """Hourly from 09:00 to 21:00 Taipei time (beat): tomorrow's trip reminders.

    Hourly rather than once, so a scheduler or worker that was down at nine still sends
    them that day; the reminder's key keeps each order to one mail.
    """
    return emails.queue_trip_reminders()


@shared_task
def release_expired_holds() -> int:
    """Every minute (beat): unpaid orders past the seat hold give their seats back."""
    return services.release_expired_holds()
