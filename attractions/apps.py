from django.apps import AppConfig


class AttractionsConfig(AppConfig):
    name = "attractions"
    verbose_name = "景點"
