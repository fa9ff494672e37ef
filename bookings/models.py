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
        verbose_name="會員",
    )
    attraction = models.ForeignKey(
        "attractions.Attraction",
        on_delete=models.CASCADE,
        related_name="bookings",
        verbose_name="景點",
    )
    date = models.DateField("日期")
    slot = models.CharField("時段", max_length=10, choices=Slot.choices)
    # Copied from bookings.pricing when the trip is booked: the cart shows what it costs.
    price = models.PositiveIntegerField("費用")
    created_at = models.DateTimeField("加入時間", default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "預訂行程"
        verbose_name_plural = "預訂行程"
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
        ]

    def __str__(self):
        return f"{self.attraction_id} {self.date} {self.get_slot_display()}"
