# The copy guide (docs/frontend.md) says 預訂, not 預定: admin names and messages.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='booking',
            options={'ordering': ['created_at', 'id'], 'verbose_name': '預訂行程', 'verbose_name_plural': '預訂行程'},
        ),
        migrations.AlterConstraint(
            model_name='booking',
            name='booking_one_per_trip',
            constraint=models.UniqueConstraint(fields=('user', 'attraction', 'date', 'slot'), name='booking_one_per_trip', violation_error_message='這個行程已在預訂清單中。'),
        ),
    ]
