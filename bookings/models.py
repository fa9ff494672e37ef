from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from bookings.pricing import SLOT_LABELS


class Slot(models.TextChoices):
    MORNING = "morning", SLOT_LABELS["morning"]
    AFTERNOON = "afternoon", SLOT_LABELS["afternoon"]


class Booking(models.Model):
    """A trip in a member's cart: booked but not paid yet; it leaves the cart once paid."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bookings",
        verbose_name="會員 Member",
    )
    attraction = models.ForeignKey(
        "attractions.Attraction",
        on_delete=models.CASCADE,
        related_name="bookings",
        verbose_name="景點 Attraction",
    )
    date = models.DateField("日期 Date")
    slot = models.CharField("時段 Slot", max_length=10, choices=Slot.choices)
    participants = models.PositiveSmallIntegerField("人數 Party size", default=1)
    # Copied from bookings.pricing when the trip is booked (per person × participants):
    # the cart shows what it costs.
    price = models.PositiveIntegerField("費用 Price")
    created_at = models.DateTimeField("加入時間 Added", default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "預訂行程 Booked trip"
        verbose_name_plural = "預訂行程 Booked trips"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "attraction", "date", "slot"],
                name="booking_one_per_trip",
                violation_error_message="這個行程已在預訂清單中。",
            ),
            models.CheckConstraint(
                condition=Q(slot__in=Slot.values), name="booking_slot_valid"
            ),
            models.CheckConstraint(
                condition=Q(price__gt=0), name="booking_price_positive"
            ),
            models.CheckConstraint(
                condition=Q(participants__gte=1), name="booking_participants_positive"
            ),
        ]

    def __str__(self):
        return f"{self.attraction_id} {self.date} {self.get_slot_display()}"


class Departure(models.Model):
    """One attraction's trip on one date and slot: the seats taken, and whether staff
    closed it. The row every seat change locks (bookings/seats.py), so two checkouts of
    the last seats queue here instead of both succeeding."""

    attraction = models.ForeignKey(
        "attractions.Attraction",
        on_delete=models.CASCADE,
        related_name="departures",
        verbose_name="景點 Attraction",
    )
    date = models.DateField("日期 Date")
    slot = models.CharField("時段 Slot", max_length=10, choices=Slot.choices)
    # Participants of placed orders holding a seat; only bookings/seats.py changes it.
    taken = models.PositiveIntegerField("已售名額 Seats taken", default=0)
    is_closed = models.BooleanField(
        "停止販售 Closed",
        default=False,
        help_text="勾選即不再接受預訂，例如颱風 Tick to stop selling, e.g. a typhoon.",
    )
    note = models.CharField("備註 Note", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新時間 Updated", auto_now=True)

    class Meta:
        ordering = ["date", "slot", "attraction_id"]
        verbose_name = "出團時段 Departure"
        verbose_name_plural = "出團時段 Departures"
        constraints = [
            models.UniqueConstraint(
                fields=["attraction", "date", "slot"], name="departure_one_per_slot"
            ),
            models.CheckConstraint(
                condition=Q(slot__in=Slot.values), name="departure_slot_valid"
            ),
        ]

    def __str__(self):
        return f"{self.attraction_id} {self.date} {self.get_slot_display()}"


class SeatMovement(models.Model):
    """The audit trail of seats: every take and release, by which order item and why."""

    departure = models.ForeignKey(
        Departure,
        on_delete=models.CASCADE,
        related_name="movements",
        verbose_name="出團時段 Departure",
    )
    # A plain id (bookings may not import orders): the order item holding the seats.
    order_item_id = models.BigIntegerField("訂單行程編號 Order trip id")
    change = models.IntegerField("名額變動 Change")
    reason = models.CharField("原因 Reason", max_length=40)
    taken_after = models.PositiveIntegerField("變動後已售 Taken after")
    created_at = models.DateTimeField("時間 Time", default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "名額紀錄 Seat movement"
        verbose_name_plural = "名額紀錄 Seat movements"
        indexes = [
            models.Index(fields=["order_item_id"], name="seatmovement_order_item"),
        ]

    def __str__(self):
        return f"{self.departure} {self.change:+d} ({self.reason})"
