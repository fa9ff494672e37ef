from django.apps import AppConfig


class SitePagesConfig(AppConfig):
    name = "sitepages"
    verbose_name = "網站頁面 Site pages"
