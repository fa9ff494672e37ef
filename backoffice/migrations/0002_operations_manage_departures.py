"""Operations staff set seats and close departures (a typhoon); they see the audit."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    "bookings.add_departure",
    "bookings.change_departure",
    "bookings.view_departure",
    "bookings.view_seatmovement",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("bookings")
    app_config.models_module = True  # as 0001 does: permissions before post_migrate
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")  # noqa: N806
    Permission = apps.get_model("auth", "Permission")  # noqa: N806
    group = Group.objects.filter(name="營運 Operations").first()
    if group is None:
        return
    for name in PERMISSIONS:
        app_label, codename = name.split(".")
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0001_staff_groups"),
        ("bookings", "0003_seats_and_participants"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
