from django.apps import AppConfig


class AttractionsConfig(AppConfig):
    name = "attractions"
    verbose_name = "景點 Attractions"

    def ready(self):
        from attractions import signals  # noqa: F401  (connects the receivers)
