"""Queueing transactional e-mail and delivering it from a worker (the outbox).

`queue_mail()` renders the mail from `templates/emails/` and stores it in the caller's
transaction; once that commits, a Celery task sends it. Delivery claims the row under a
lock, so two workers never send one mail at the same time, records each failure and
schedules the next attempt with exponential backoff; after `MAIL_MAX_ATTEMPTS` the mail
is marked failed and waits in the admin for staff.
"""

import logging
import random
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formataddr, parseaddr
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from mail.models import Email, EmailState
from sitepages.context import company_details
from taipei_trip.i18n import API_LANGUAGE_OF

logger = logging.getLogger(__name__)


def queue_mail(
    *,
    to: str,
    template: str,
    context: dict | None = None,
    key: str | None = None,
    language: str | None = None,
) -> Email:
    """Store the mail `emails/<template>` for `to`; a worker sends it after commit.

    A `key` already queued returns the existing mail and sends nothing again.
    """
    if key:
        existing = Email.objects.filter(key=key).first()
        if existing:
            return existing
    subject, text_body, html_body = render_mail(
        template=template, context=context or {}, language=language
    )
    email = Email(
        key=key or None,
        template=template,
        to=to,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
        language=language or settings.LANGUAGE_CODE,
    )
    email.full_clean(exclude=["key"])
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        # Another process queued the same key between the check and the insert.
        return Email.objects.get(key=key)
    transaction.on_commit(partial(enqueue_email, email_id=email.pk), robust=True)
    return email


def site_url_in(language: str | None) -> str:
    """The site's root for the links of a mail in this language: /en and /ja pages sit
    under their prefix (i18n_patterns), 繁體中文 ones at the root."""
    language = language or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE:
        return settings.SITE_URL
    return f"{settings.SITE_URL}/{language}"


def render_mail(
    *, template: str, context: dict, language: str | None = None
) -> tuple[str, str, str]:
    """The subject, plain text and HTML of `emails/<template>.{subject.txt,txt,html}`,
    written in `language` (繁體中文 when None): the worker that renders a mail has no
    request, so the caller names the member's or the order's language."""
    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "site_url": site_url_in(language),
            "html_lang": API_LANGUAGE_OF.get(language, language),
            "company": company_details(),
            **context,
        }
        subject = render_to_string(f"emails/{template}.subject.txt", context)
        text_body = render_to_string(f"emails/{template}.txt", context)
        html_body = render_to_string(f"emails/{template}.html", context)
    return " ".join(subject.split()), text_body.strip() + "\n", html_body


def enqueue_email(*, email_id: int) -> None:
    """Hand the mail to the queue; if the broker is down the sweep enqueues it later."""
    from mail.tasks import send_email

    try:
        send_email.delay(email_id)
    except Exception:
        logger.exception(
            "e-mail %s: could not reach the task queue; sweep retries", email_id
        )


@dataclass(frozen=True)
class Delivery:
    """What one delivery attempt did: sent, skipped, or failed (retry after a delay)."""

    outcome: str  # "sent", "skipped", "retry", "failed"
    retry_in: float | None = None


def deliver_email(*, email_id: int) -> Delivery:
    """Send one queued mail once: claim it, send it, record the result."""
    email = _claim(email_id)
    if email is None:
        return Delivery("skipped")
    try:
        _send(email)
    except Exception as exc:  # the mail server down, slow, or refusing
        return _record_failure(email, exc)
    Email.objects.filter(pk=email.pk).update(
        state=EmailState.SENT, sent_at=timezone.now(), last_error=""
    )
    logger.info(
        "e-mail %s (%s) sent after %s attempts",
        email.pk,
        email.template,
        email.attempts,
    )
    return Delivery("sent")


def _claim(email_id: int) -> Email | None:
    now = timezone.now()
    lease = timedelta(seconds=settings.MAIL_SENDING_LEASE)
    with transaction.atomic():
        email = Email.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.state in (EmailState.SENT, EmailState.FAILED):
            return None
        if email.state == EmailState.SENDING and email.claimed_at > now - lease:
            return None  # another worker is sending it right now
        email.state = EmailState.SENDING
        email.claimed_at = now
        email.attempts += 1
        email.save(update_fields=["state", "claimed_at", "attempts", "updated_at"])
    return email


def _send(email: Email) -> None:
    domain = settings.SITE_URL.split("//", 1)[-1].split("/")[0].split(":")[0]
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.text_body,
        from_email=sender(email.language),
        to=[email.to],
        # One Message-ID per mail: a resend after a lost answer is recognisably the same.
        headers={"Message-ID": message_id(email, domain=domain)},
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    message.send()


def sender(language: str) -> str:
    """DEFAULT_FROM_EMAIL with its display name in the mail's language when the
    catalogues know it (台北一日遊 → "Taipei Day Trip"); any other name as configured."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if not name:
        return settings.DEFAULT_FROM_EMAIL
    with translation.override(language):
        translated = translation.gettext(name)
    if translated == name:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((translated, address))


def message_id(email: Email, *, domain: str) -> str:
    """The same for every attempt at one mail (not random like `make_msgid`)."""
    return f"<email-{email.pk}.{email.created_at:%Y%m%d%H%M%S}@{domain}>"


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter: base, 2×base, 4×base … up to the maximum."""
    delay = min(
        settings.MAIL_RETRY_MAX_DELAY,
        settings.MAIL_RETRY_BASE_DELAY * 2 ** max(attempts - 1, 0),
    )
    return delay * random.uniform(0.8, 1.0)  # noqa: S311 (spreading retries, not secrets)


def _record_failure(email: Email, exc: Exception) -> Delivery:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if email.attempts >= settings.MAIL_MAX_ATTEMPTS:
        Email.objects.filter(pk=email.pk).update(
            state=EmailState.FAILED, last_error=error
        )
        logger.error(
            "e-mail %s failed %s times, given up: %s", email.pk, email.attempts, error
        )
        return Delivery("failed")
    delay = retry_delay(email.attempts)
    Email.objects.filter(pk=email.pk).update(
        state=EmailState.QUEUED,
        last_error=error,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
    )
    logger.warning(
        "e-mail %s attempt %s failed (%s); retry in %.0f s",
        email.pk,
        email.attempts,
        error,
        delay,
    )
    return Delivery("retry", retry_in=delay)


def requeue_stalled_emails() -> int:
    """Enqueue mails that no worker is handling: the broker was down when they were
    queued, or their worker died. Returns how many were enqueued."""
    now = timezone.now()
    lease = timedelta(seconds=settings.MAIL_SENDING_LEASE)
    stalled = Email.objects.filter(
        state=EmailState.QUEUED, next_attempt_at__lt=now - timedelta(seconds=60)
    ) | Email.objects.filter(state=EmailState.SENDING, claimed_at__lt=now - lease)
    ids = list(stalled.values_list("pk", flat=True)[:500])
    # Not again before the lease ends, so a long queue is not flooded with copies.
    Email.objects.filter(pk__in=ids, state=EmailState.QUEUED).update(
        next_attempt_at=now + lease
    )
    for email_id in ids:
        enqueue_email(email_id=email_id)
    if ids:
        logger.info("re-enqueued %s stalled e-mails", len(ids))
    return len(ids)


def send_again(*, email: Email) -> None:
    """Staff: try a failed mail again from the start."""
    with transaction.atomic():
        Email.objects.filter(pk=email.pk).update(
            state=EmailState.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        transaction.on_commit(partial(enqueue_email, email_id=email.pk), robust=True)
