from datetime import date, timedelta

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.urls import reverse
from django.utils.html import format_html

from bookings.pricing import today_in_taipei
from orders import selectors
from orders.models import (
    Order,
    OrderItem,
    Payment,
    PaymentMethod,
    Refund,
)


class ReadOnlyInline(admin.TabularInline):
    """Money and payment rows are history: shown, never edited or removed here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderItemInline(ReadOnlyInline):
    model = OrderItem
    fields = ["attraction_snapshot_id", "attraction_name", "date", "slot", "price"]
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = [
        "bank_transaction_id",
        "method",
        "amount",
        "state",
        "gateway_status",
        "message",
        "rec_trade_id",
        "payment_url",
        "requested_at",
        "answered_at",
        "settled_at",
    ]
    readonly_fields = fields


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = [
        "amount",
        "state",
        "gateway_status",
        "message",
        "refund_id",
        "requested_by",
        "reason",
        "requested_at",
        "answered_at",
    ]
    readonly_fields = fields


class TripDateFilter(admin.SimpleListFilter):
    """Orders with a trip on a day: today, tomorrow, the coming week, or any date
    (`?trip_date=YYYY-MM-DD`)."""

    title = "行程日期 Trip date"
    parameter_name = "trip_date"

    def lookups(self, request, model_admin):
        return [
            ("today", "今天 Today"),
            ("tomorrow", "明天 Tomorrow"),
            ("week", "未來 7 天 Next 7 days"),
            ("past", "已過 Past"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        today = today_in_taipei()
        ranges = {
            "today": {"items__date": today},
            "tomorrow": {"items__date": today + timedelta(days=1)},
            "week": {"items__date__range": (today, today + timedelta(days=6))},
            "past": {"items__date__lt": today},
        }
        if value in ranges:
            return queryset.filter(**ranges[value]).distinct()
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise IncorrectLookupParameters(value) from None
        return queryset.filter(items__date=day).distinct()


class AttractionFilter(admin.SimpleListFilter):
    """Orders holding a trip to one place (only places that have orders are offered)."""

    title = "景點 Attraction"
    parameter_name = "attraction"

    def lookups(self, request, model_admin):
        return (
            OrderItem.objects.exclude(attraction=None)
            .order_by("attraction_name")
            .values_list("attraction_id", "attraction_name")
            .distinct()
        )

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if not self.value().isdigit():
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(items__attraction_id=int(self.value())).distinct()


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "member",
        "status",
        "amount",
        "contact_name",
        "paid_at",
    ]
    # The payment method stays on the order's page and in the payments list: one more
    # column here pushed the list past 1280 px beside the filters.
    list_select_related = ["user"]
    list_filter = ["status", TripDateFilter, AttractionFilter, "created_at", "paid_at"]
    search_fields = ["number", "contact_email", "contact_phone", "user__email"]
    readonly_fields = [
        "number",
        "user",
        "status",
        "amount",
        "paid_with",
        "contact_name",
        "contact_email",
        "contact_phone",
        "created_at",
        "paid_at",
        "refunded_at",
        "updated_at",
    ]
    fields = readonly_fields
    inlines = [OrderItemInline, PaymentInline, RefundInline]
    # Refunds are made one order at a time on its refund page, never as a list action.
    actions = None
    list_per_page = 50

    class Media:
        # The list fits 1280 px beside the filters and the menu (no sideways scroll).
        css = {"all": ["css/backoffice.css"]}

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("payments")

    @admin.display(description="付款方式 Paid with")
    def paid_with(self, order):
        method = selectors.payment_method(order)
        return PaymentMethod(method).label if method else "—"

    @admin.display(description="會員 Member", ordering="user__email")
    def member(self, order):
        # A link to this member's orders only: the members admin can link here too.
        url = (
            reverse("admin:orders_order_changelist")
            + f"?user__id__exact={order.user_id}"
        )
        return format_html('<a href="{}">{}</a>', url, order.user.email)


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Every payment attempt, to find one by TapPay's ids; read-only."""

    list_display = [
        "bank_transaction_id",
        "order",
        "method",
        "amount",
        "state",
        "gateway_status",
        "message",
        "requested_at",
    ]
    list_select_related = ["order"]
    list_filter = ["state", "method", "requested_at"]
    search_fields = ["bank_transaction_id", "rec_trade_id", "order__number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
