from django.contrib import admin

from sitepages.models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body"]
    readonly_fields = ["updated_at"]
    fields = ["title", "slug", "summary", "body", "updated_at"]
