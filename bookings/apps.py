from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    verbose_name = "預訂行程 Bookings"

    def ready(self):
        from bookings import receivers  # noqa: F401 (connects the account receivers)
