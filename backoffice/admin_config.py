"""Django's admin app on our site class (its own module: apps.py may hold one config)."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """The admin with a second factor before any page, the roster and the dashboard."""

    default_site = "backoffice.sites.StaffAdminSite"
