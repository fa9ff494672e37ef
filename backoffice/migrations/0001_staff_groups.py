"""The three staff groups and their permissions.

Permissions are normally made after migrations run (post_migrate), so this migration
makes them first for the apps it needs; re-running it only adds what is missing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ("add", "change", "delete", "view")
ORDER_HISTORY = [
    "orders.view_order",
    "orders.view_orderitem",
    "orders.view_payment",
    "orders.view_refund",
]
GROUPS = {
    "內容編輯 Content editors": [
        f"attractions.{action}_{model}"
        for model in ("attraction", "attractionimage", "category", "mrtstation")
        for action in CRUD
    ],
    "營運 Operations": [
        *ORDER_HISTORY,
        "orders.view_roster",
        "attractions.view_attraction",
        "bookings.view_booking",
    ],
    "財務 Finance": [*ORDER_HISTORY, "orders.refund_order"],
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    add_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def add_groups(Group, Permission):  # noqa: N803 (model classes, as in migrations)
    """Create the groups and grant their permissions; running it again adds what is missing."""
    for name, codes in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("attractions", "0002_name_search_index"),
        ("bookings", "0001_initial"),
        ("orders", "0004_backoffice"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
