from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class EmailState(models.TextChoices):
    QUEUED = "queued", "等待寄送"
    SENDING = "sending", "寄送中"
    SENT = "sent", "已寄出"
    FAILED = "failed", "寄送失敗"


class Email(models.Model):
    """One transactional e-mail, rendered and stored in the transaction that caused it
    (the outbox): a worker sends it, retrying with backoff; it is never dropped."""

    State = EmailState

    # Callers name what the mail is about ("receipt:TDT-…"), so it is queued only once.
    key = models.CharField(
        "識別鍵 Key", max_length=200, unique=True, null=True, blank=True
    )
    template = models.CharField("範本 Template", max_length=100)
    to = models.EmailField("收件人 To", max_length=254)
    subject = models.CharField("主旨 Subject", max_length=255)
    text_body = models.TextField("純文字內容 Text body")
    html_body = models.TextField("HTML 內容", blank=True)
    # What it was written in: the sender's display name is said in it too.
    language = models.CharField(
        "語言 Language",
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    state = models.CharField(
        "狀態 State",
        max_length=10,
        choices=EmailState.choices,
        default=EmailState.QUEUED,
    )
    attempts = models.PositiveIntegerField("寄送次數 Attempts", default=0)
    last_error = models.TextField("最近錯誤 Last error", blank=True)
    created_at = models.DateTimeField("建立時間 Created", default=timezone.now)
    next_attempt_at = models.DateTimeField(
        "下次寄送 Next attempt", default=timezone.now
    )
    claimed_at = models.DateTimeField("開始寄送 Claimed", null=True, blank=True)
    sent_at = models.DateTimeField("寄出時間 Sent", null=True, blank=True)
    updated_at = models.DateTimeField("更新時間 Updated", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "電子郵件 E-mail"
        verbose_name_plural = "電子郵件 E-mails"
        indexes = [
            # The sweep: queued mails whose next attempt is overdue.
            models.Index(fields=["state", "next_attempt_at"], name="email_state_due"),
            models.Index(fields=["to"], name="email_to"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=EmailState.values), name="email_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to}"
