from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Local stand-ins for outside services; installed only outside production."""

    name = "devtools"
    verbose_name = "開發工具 Developer tools"
