from django.contrib import admin

from bookings.models import Booking


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    """Carts are the members' own: staff look, and may remove a stale item."""

    list_display = ["id", "user", "attraction", "date", "slot", "price", "created_at"]
    list_select_related = ["user", "attraction"]
    list_filter = ["slot", "date"]
    search_fields = ["user__email", "attraction__name"]
    date_hierarchy = "date"
    readonly_fields = ["user", "attraction", "date", "slot", "price", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
