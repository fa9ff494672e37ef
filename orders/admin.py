from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from orders import services
from orders.models import AttemptState, Order, OrderItem, Payment, Refund


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
        "amount",
        "state",
        "gateway_status",
        "message",
        "rec_trade_id",
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
        "requested_at",
        "answered_at",
    ]
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "member",
        "status",
        "amount",
        "contact_email",
        "created_at",
        "paid_at",
    ]
    list_select_related = ["user"]
    list_filter = ["status", "created_at", "paid_at"]
    search_fields = ["number", "contact_email", "user__email"]
    readonly_fields = [
        "number",
        "user",
        "status",
        "amount",
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
    actions = ["refund"]
    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="會員", ordering="user__email")
    def member(self, order):
        # A link to this member's orders only: the members admin can link here too.
        url = (
            reverse("admin:orders_order_changelist")
            + f"?user__id__exact={order.user_id}"
        )
        return format_html('<a href="{}">{}</a>', url, order.user.email)

    @admin.action(description="退款（透過 TapPay 退回全額）", permissions=["change"])
    def refund(self, request, queryset):
        for order in queryset.order_by("pk"):
            try:
                refund = services.refund_order(order=order, requested_by=request.user)
            except services.OrderError as exc:
                self.message_user(
                    request, f"{order.number}：{exc.message}", messages.ERROR
                )
                continue
            level = (
                messages.SUCCESS
                if refund.state == AttemptState.SUCCEEDED
                else messages.WARNING
            )
            self.message_user(
                request,
                f"{order.number}：退款{refund.get_state_display()} {refund.message}",
                level,
            )


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Every payment attempt, to find one by TapPay's ids; read-only."""

    list_display = [
        "bank_transaction_id",
        "order",
        "amount",
        "state",
        "gateway_status",
        "message",
        "requested_at",
    ]
    list_select_related = ["order"]
    list_filter = ["state", "requested_at"]
    search_fields = ["bank_transaction_id", "rec_trade_id", "order__number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
