from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "mail"
    verbose_name = "電子郵件 E-mail"
