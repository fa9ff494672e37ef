from django.contrib import admin

from bookings.models import Booking, Departure, SeatMovement
from bookings.seats import capacity_of


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Carts are the members' own: staff look, and may remove a stale item."""

    list_display = [
        "number",
        "user",
        "attraction",
        "date",
        "slot",
        "participants",
        "price",
        "created_at",
    ]
    list_select_related = ["user", "attraction"]
    list_filter = ["slot", "date"]
    search_fields = ["user__email", "attraction__name"]
    date_hierarchy = "date"
    readonly_fields = [
        "user",
        "attraction",
        "date",
        "slot",
        "participants",
        "price",
        "created_at",
    ]

    @admin.display(description="編號 ID", ordering="pk")
    def number(self, booking):
        return booking.pk

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SeatMovementInline(admin.TabularInline):
    """The audit trail of the departure's seats; written by bookings/seats.py only."""

    model = SeatMovement
    extra = 0
    can_delete = False
    fields = ["created_at", "change", "reason", "order_item_id", "taken_after"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Departure)
class DepartureAdmin(admin.ModelAdmin):
    """Seats per attraction, date and slot. Staff close a slot (a typhoon) by adding
    or ticking its row; seats taken change only through orders."""

    list_display = [
        "attraction",
        "date",
        "slot",
        "taken",
        "capacity",
        "is_closed",
        "note",
    ]
    list_select_related = ["attraction"]
    list_filter = ["is_closed", "slot", "date"]
    list_editable = ["is_closed"]
    search_fields = ["attraction__name", "note"]
    autocomplete_fields = ["attraction"]
    date_hierarchy = "date"
    fields = ["attraction", "date", "slot", "is_closed", "note", "taken"]
    readonly_fields = ["taken"]
    inlines = [SeatMovementInline]
    actions = ["close", "reopen"]

    @admin.display(description="名額 Capacity")
    def capacity(self, departure):
        return capacity_of(departure.attraction)

    def get_readonly_fields(self, request, obj=None):
        # Which trip a row counts is fixed once seats may have been taken on it.
        if obj is not None:
            return ["attraction", "date", "slot", "taken"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="停止販售 Close selected", permissions=["change"])
    def close(self, request, queryset):
        for departure in queryset:
            departure.is_closed = True
            departure.save(update_fields=["is_closed", "updated_at"])

    @admin.action(description="重新開放 Reopen selected", permissions=["change"])
    def reopen(self, request, queryset):
        for departure in queryset:
            departure.is_closed = False
            departure.save(update_fields=["is_closed", "updated_at"])
