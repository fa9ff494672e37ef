# The copy guide (docs/frontend.md) says 預訂, not 預定: admin names and messages.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('attractions', '0003_published_flag_and_labels'),
    ]

    operations = [
        migrations.AlterField(
            model_name='attraction',
            name='is_published',
            field=models.BooleanField(default=True, help_text='取消勾選即從網站下架（目錄、搜尋、預訂），既有訂單不受影響 Untick to take the place off the site (catalogue, search, booking); existing orders keep working.', verbose_name='已發布 Published'),
        ),
    ]
