import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Slot

# No 0/O, 1/I/L, so a number read over the phone or copied by hand stays right
# (pretix's order codes leave out the same look-alikes).
NUMBER_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
NUMBER_PREFIX = "TDT"
NUMBER_GROUPS = 3  # 3 groups of 4: 31**12 ≈ 8e17 numbers, far too many to enumerate


def new_order_number() -> str:
    """A random, readable order number such as TDT-7K3M-Q9XF-2HPA."""
    groups = (
        "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(4))
        for _ in range(NUMBER_GROUPS)
    )
    return "-".join([NUMBER_PREFIX, *groups])


class OrderStatus(models.TextChoices):
    PENDING = "pending", "待付款"
    PAID = "paid", "已付款"
    FAILED = "failed", "付款失敗"
    REFUNDED = "refunded", "已退款"


class PaymentMethod(models.TextChoices):
    CARD = "card", _("信用卡")
    LINE_PAY = "line_pay", "LINE Pay"
    JKO_PAY = "jko_pay", _("街口支付")


class AttemptState(models.TextChoices):
    """The state of one call to the gateway (a payment or a refund)."""

    PENDING = "pending", "處理中"
    SUCCEEDED = "succeeded", "成功"
    FAILED = "failed", "失敗"
    UNKNOWN = "unknown", "結果未知"


class Order(models.Model):
    """What a member bought and what it cost; history, never deleted."""

    Status = OrderStatus

    number = models.CharField(
        "訂單編號 Order number",
        max_length=50,
        unique=True,
        default=new_order_number,
        editable=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="orders",
        verbose_name="會員 Member",
    )
    status = models.CharField(
        "狀態 Status",
        max_length=10,
        choices=OrderStatus.choices,
        default=OrderStatus.PENDING,
    )
    amount = models.PositiveIntegerField("金額（新臺幣）Amount (NT$)")
    contact_name = models.CharField("聯絡人姓名 Contact name", max_length=50)
    contact_email = models.EmailField("聯絡人信箱 Contact e-mail", max_length=254)
    contact_phone = models.CharField("聯絡人手機 Contact phone", max_length=10)
    # The language the member ordered (or last paid) in: the order's e-mails use it.
    language = models.CharField(
        "語言 Language",
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    created_at = models.DateTimeField("建立時間 Created", default=timezone.now)
    paid_at = models.DateTimeField("付款時間 Paid", null=True, blank=True)
    refunded_at = models.DateTimeField("退款時間 Refunded", null=True, blank=True)
    updated_at = models.DateTimeField("更新時間 Updated", auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "訂單 Order"
        verbose_name_plural = "訂單 Orders"
        permissions = [
            ("refund_order", "可退款 Can refund orders"),
            ("view_roster", "可檢視出團名單 Can view the trip roster"),
        ]
        indexes = [
            # Order history: one member's orders, newest first.
            models.Index(
                fields=["user", "-created_at", "-id"], name="order_user_newest"
            ),
            models.Index(fields=["status", "created_at"], name="order_status_created"),
            models.Index(fields=["contact_email"], name="order_contact_email"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="order_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OrderStatus.values), name="order_status_valid"
            ),
        ]

    def __str__(self):
        return self.number


class OrderItem(models.Model):
    """One trip of an order, copied when the order is placed, so catalogue edits
    and cart changes never rewrite what was bought."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="items", verbose_name="訂單 Order"
    )
    # PROTECT: a place someone has ordered is unpublished, never deleted, so the
    # roster and refunds can still reach it (the admin offers unpublishing instead).
    attraction = models.ForeignKey(
        "attractions.Attraction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="order_items",
        verbose_name="景點 Attraction",
    )
    attraction_snapshot_id = models.PositiveIntegerField("景點編號 Attraction id")
    attraction_name = models.CharField("景點名稱 Attraction name", max_length=100)
    attraction_address = models.CharField(
        "景點地址 Attraction address", max_length=255, blank=True
    )
    attraction_image = models.CharField(
        "景點圖片 Attraction image", max_length=500, blank=True
    )
    date = models.DateField("日期 Date")
    slot = models.CharField("時段 Slot", max_length=10, choices=Slot.choices)
    participants = models.PositiveSmallIntegerField("人數 Party size", default=1)
    # What the item costs in all: price per person × participants.
    price = models.PositiveIntegerField("費用 Price")
    # Whether the item counts in its departure's seats (bookings/seats.py): set when the
    # order is placed or paid again, cleared when they are released.
    seats_held = models.BooleanField("占用名額 Holds seats", default=False)
    cancelled_at = models.DateTimeField("取消時間 Cancelled", null=True, blank=True)
    # The refund that gives this item's money back (None: not paid, or not refunded).
    refund = models.ForeignKey(
        "Refund",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name="退款紀錄 Refund",
    )
    # A plain id, not a foreign key: the booking leaves the cart once paid, and the id
    # is what lets a repeated checkout of the same cart items find this order again.
    source_booking_id = models.BigIntegerField(
        "來源預訂編號 Source booking id", null=True, blank=True
    )

    class Meta:
        ordering = ["id"]
        verbose_name = "訂單行程 Order trip"
        verbose_name_plural = "訂單行程 Order trips"
        indexes = [
            models.Index(fields=["source_booking_id"], name="orderitem_source_booking"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gt=0), name="orderitem_price_positive"
            ),
            models.CheckConstraint(
                condition=Q(participants__gte=1),
                name="orderitem_participants_positive",
            ),
        ]

    def __str__(self):
        return f"{self.attraction_name} {self.date} {self.get_slot_display()}"


class GatewayAttempt(models.Model):
    """What every call to TapPay keeps: the amount, the outcome and when it happened."""

    State = AttemptState

    amount = models.PositiveIntegerField("金額（新臺幣）Amount (NT$)")
    state = models.CharField(
        "狀態 Status",
        max_length=10,
        choices=AttemptState.choices,
        default=AttemptState.PENDING,
    )
    gateway_status = models.IntegerField("TapPay 狀態碼", null=True, blank=True)
    message = models.CharField("訊息 Message", max_length=255, blank=True)
    requested_at = models.DateTimeField("請求時間 Requested", default=timezone.now)
    answered_at = models.DateTimeField("回應時間 Answered", null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["requested_at", "id"]
        indexes = [
            # reconcile_payments: unsettled attempts, oldest first.
            models.Index(
                fields=["state", "requested_at"], name="%(class)s_state_requested"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="%(class)s_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(state__in=AttemptState.values), name="%(class)s_state_valid"
            ),
        ]

    @property
    def is_open(self) -> bool:
        """Still waiting for an answer, or answered in a way that settles nothing."""
        return self.state in (self.State.PENDING, self.State.UNKNOWN)


class Payment(GatewayAttempt):
    """One attempt to charge an order through TapPay; kept forever, card data never."""

    order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name="訂單 Order",
    )
    method = models.CharField(
        "付款方式 Method",
        max_length=10,
        choices=PaymentMethod.choices,
        default=PaymentMethod.CARD,
    )
    bank_transaction_id = models.CharField(
        "交易編號 Transaction id", max_length=40, unique=True
    )
    rec_trade_id = models.CharField("TapPay 交易編號", max_length=64, blank=True)
    # Where TapPay asked to send the buyer (3-D Secure challenge, wallet); while it is
    # set and the attempt is pending, the buyer has until redirect_deadline() to finish.
    payment_url = models.CharField(
        "付款驗證網址 Payment URL", max_length=1000, blank=True
    )
    settled_at = models.DateTimeField("對帳時間 Settled", null=True, blank=True)

    class Meta(GatewayAttempt.Meta):
        verbose_name = "付款紀錄 Payment"
        verbose_name_plural = "付款紀錄 Payments"
        indexes = [
            *GatewayAttempt.Meta.indexes,
            # The backend notify finds its attempt by TapPay's id.
            models.Index(fields=["rec_trade_id"], name="payment_rec_trade_id"),
        ]
        constraints = [
            *GatewayAttempt.Meta.constraints,
            models.CheckConstraint(
                condition=Q(method__in=PaymentMethod.values),
                name="payment_method_valid",
            ),
        ]

    def __str__(self):
        return self.bank_transaction_id

    @property
    def is_awaiting_buyer(self) -> bool:
        """TapPay sent the buyer to a challenge or wallet page and has not settled it."""
        return self.state == AttemptState.PENDING and bool(self.payment_url)


class Refund(GatewayAttempt):
    """One attempt to give a paid order's money back through TapPay's Refund API."""

    order = models.ForeignKey(
        Order,
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name="訂單 Order",
    )
    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name="付款紀錄 Payment",
    )
    refund_id = models.CharField("TapPay 退款編號", max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="申請人 Requested by",
    )
    # Why staff gave the money back (required on the admin's refund form).
    reason = models.TextField("退款原因 Reason", blank=True)

    class Meta(GatewayAttempt.Meta):
        verbose_name = "退款紀錄 Refund"
        verbose_name_plural = "退款紀錄 Refunds"

    def __str__(self):
        return f"refund {self.pk} of {self.order_id}"
