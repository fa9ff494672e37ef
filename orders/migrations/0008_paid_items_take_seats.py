"""Orders paid before seats existed count in their departures, so capacity is right
from the first day (each paid, live item holds its participants' seats)."""

from django.db import migrations
from django.db.models import F


def count_paid_items(apps, schema_editor):
    OrderItem = apps.get_model("orders", "OrderItem")
    Departure = apps.get_model("bookings", "Departure")
    items = OrderItem.objects.filter(
        order__status="paid", cancelled_at=None, seats_held=False
    ).exclude(attraction=None)
    for item in items.iterator():
        departure, _ = Departure.objects.get_or_create(
            attraction_id=item.attraction_id, date=item.date, slot=item.slot
        )
        Departure.objects.filter(pk=departure.pk).update(
            taken=F("taken") + item.participants
        )
        OrderItem.objects.filter(pk=item.pk).update(seats_held=True)


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0007_item_seats_and_cancellation"),
        ("bookings", "0003_seats_and_participants"),
    ]

    operations = [migrations.RunPython(count_paid_items, migrations.RunPython.noop)]
