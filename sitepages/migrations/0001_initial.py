from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Page",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("slug", models.SlugField(unique=True, verbose_name="網址代稱")),
                ("title", models.CharField(max_length=100, verbose_name="標題")),
                (
                    "summary",
                    models.CharField(blank=True, max_length=200, verbose_name="摘要"),
                ),
                ("body", models.TextField(verbose_name="內容")),
                (
                    "updated_at",
                    models.DateTimeField(auto_now=True, verbose_name="最後更新"),
                ),
            ],
            options={
                "verbose_name": "網站頁面",
                "verbose_name_plural": "網站頁面",
                "ordering": ["slug"],
            },
        ),
    ]
