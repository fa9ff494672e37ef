from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "訂單與付款 Orders and payments"

    def ready(self):
        from orders import receivers  # noqa: F401 (connects the account receivers)
