from django.contrib import admin

from sitepages.models import Page
from taipei_trip.translated import columns


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "title_en", "title_ja", "body", "body_en", "body_ja"]
    readonly_fields = ["updated_at"]
    # Each text beside its English and Japanese (blank: the page shows 繁體中文).
    fields = [
        columns("title"),
        "slug",
        columns("summary"),
        columns("body"),
        "updated_at",
    ]
