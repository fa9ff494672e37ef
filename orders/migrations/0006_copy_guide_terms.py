# The copy guide (docs/frontend.md) says 預訂, not 預定: admin names and messages.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0005_refund_reason'),
    ]

    operations = [
        migrations.AlterField(
            model_name='orderitem',
            name='source_booking_id',
            field=models.BigIntegerField(blank=True, null=True, verbose_name='來源預訂編號'),
        ),
    ]
