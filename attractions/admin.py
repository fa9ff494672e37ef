from django.contrib import admin
from django.db import models
from django.db.models import Count

from attractions.models import Attraction, AttractionImage, Category, MrtStation
from attractions.services import save_attraction_edit


class AttractionImageInline(admin.TabularInline):
    model = AttractionImage
    extra = 1
    fields = ["position", "url", "file"]
    ordering = ["position", "id"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Attraction)
class AttractionAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "category", "mrt", "updated_at"]
    list_display_links = ["id", "name"]
    list_select_related = ["category", "mrt"]
    search_fields = ["name"]
    list_filter = ["category", "mrt"]
    autocomplete_fields = ["category", "mrt"]
    inlines = [AttractionImageInline]
    list_per_page = 50

    def save_model(self, request, obj, form, change):
        save_attraction_edit(attraction=obj, is_new=not change)


class CountedAdmin(admin.ModelAdmin):
    """Categories and stations show how many attractions use them."""

    list_display = ["name", "attraction_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(attraction_total=Count("attractions"))
        )

    @admin.display(description="景點數", ordering="attraction_total")
    def attraction_count(self, obj):
        return obj.attraction_total


admin.site.register(Category, CountedAdmin)
admin.site.register(MrtStation, CountedAdmin)
admin.site.site_header = "台北一日遊 管理"
admin.site.site_title = "台北一日遊 管理"
