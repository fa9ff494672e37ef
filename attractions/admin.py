from adminsortable2.admin import SortableAdminBase, SortableTabularInline
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.forms.widgets import Script
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from attractions import services
from attractions.admin_forms import AttractionImageForm
from attractions.admin_map import coordinates_preview
from attractions.models import Attraction, AttractionImage, Category, MrtStation
from attractions.services import save_attraction_edit
from taipei_trip.translated import TaggedTranslationInputs, columns


class AttractionImageInline(SortableTabularInline):
    """Images in order: drag a row (django-admin-sortable2) to reorder them."""

    model = AttractionImage
    form = AttractionImageForm
    extra = 1
    fields = ["thumbnail", "url", "file"]
    readonly_fields = ["thumbnail"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="預覽 Preview")
    def thumbnail(self, image):
        if not image.pk:
            return "—"
        return format_html(
            '<img src="{}" alt="" class="image-thumbnail" width="96" height="64" '
            'loading="lazy">',
            image.src,
        )


@admin.register(Attraction)
class AttractionAdmin(TaggedTranslationInputs, SortableAdminBase, admin.ModelAdmin):
    list_display = ["id", "name", "category", "mrt", "is_published", "updated_at"]
    list_display_links = ["id", "name"]
    list_select_related = ["category", "mrt"]
    search_fields = columns("name")
    list_filter = ["is_published", "category", "mrt"]
    autocomplete_fields = ["category", "mrt"]
    inlines = [AttractionImageInline]
    list_per_page = 50
    actions = ["publish", "unpublish"]
    readonly_fields = ["coordinates_preview"]
    fieldsets = [
        # Each text with its English and Japanese beside it, on one line; a blank
        # translation shows the 繁體中文 on the site.
        (None, {"fields": [columns("name"), "category", "mrt", "is_published"]}),
        ("行程 Trips", {"fields": ["seats_per_slot"]}),
        (
            "介紹 About",
            {
                "fields": [
                    columns("description"),
                    columns("address"),
                    columns("transport"),
                ]
            },
        ),
        (
            "位置 Location",
            {"fields": ["lat", "lng", "coordinates_preview"]},
        ),
    ]

    class Media:
        css = {"all": ["css/backoffice.css"]}
        js = [Script("js/admin-map.js", type="module")]

    @admin.display(description="地圖預覽 Map preview")
    def coordinates_preview(self, attraction):
        return coordinates_preview(attraction if attraction.pk else None)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk deletion would sweep away places with orders; one at a time says why not.
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="發布選取的景點 Publish selected", permissions=["change"])
    def publish(self, request, queryset):
        self.set_published(request, queryset, is_published=True)

    @admin.action(
        description="下架選取的景點 Unpublish selected", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        self.set_published(request, queryset, is_published=False)

    def set_published(self, request, attractions, *, is_published: bool) -> None:
        changed = services.set_published(
            attractions=list(attractions), is_published=is_published
        )
        word = "已發布 Published" if is_published else "已下架 Unpublished"
        for attraction in changed:
            self.log_change(request, attraction, [{"changed": {"fields": [word]}}])
        self.message_user(request, f"{word}：{len(changed)}", messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/unpublish/",
                self.admin_site.admin_view(self.unpublish_view),
                name="attractions_attraction_unpublish",
            ),
            *super().get_urls(),
        ]

    def unpublish_view(self, request, object_id):
        attraction = self.get_object(request, unquote(object_id))
        if attraction is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, attraction):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        self.set_published(request, [attraction], is_published=False)
        return redirect("admin:attractions_attraction_change", attraction.pk)

    def delete_view(self, request, object_id, extra_context=None):
        attraction = self.get_object(request, unquote(object_id))
        if attraction is not None:
            orders = attraction.order_items.values("order").distinct().count()
            if orders:
                return self.cannot_delete(request, attraction, orders)
        return super().delete_view(request, object_id, extra_context)

    def cannot_delete(self, request, attraction, orders: int):
        context = {
            **self.admin_site.each_context(request),
            "title": "無法刪除 Cannot delete",
            "opts": self.opts,
            "object": attraction,
            "orders": orders,
            "orders_url": reverse("admin:orders_order_changelist")
            + f"?attraction={attraction.pk}",
            "can_unpublish": attraction.is_published
            and self.has_change_permission(request, attraction),
        }
        return TemplateResponse(
            request, "admin/attractions/attraction/cannot_delete.html", context
        )

    def get_deleted_objects(self, objs, request):
        """What deleting removes, in staff's terms: the places, their images and the
        cart items that held them; never the search index rows behind them."""
        objs = list(objs)
        images = AttractionImage.objects.filter(attraction__in=objs).count()
        carts = sum(attraction.bookings.count() for attraction in objs)
        listed = []
        for attraction in objs:
            listed += [
                format_html(
                    '{}: <a href="{}">{}</a>',
                    self.opts.verbose_name,
                    reverse(
                        "admin:attractions_attraction_change", args=[attraction.pk]
                    ),
                    attraction,
                ),
                [
                    f"{AttractionImage._meta.verbose_name_plural}: "
                    f"{attraction.images.count()}",
                    f"預訂清單中的行程 Cart items: {attraction.bookings.count()}",
                ],
            ]
        counts = {self.opts.verbose_name_plural: len(objs)}
        if images:
            counts[AttractionImage._meta.verbose_name_plural] = images
        if carts:
            counts["預訂清單中的行程 Cart items"] = carts
        perms_needed = set()
        if images and not request.user.has_perm("attractions.delete_attractionimage"):
            perms_needed.add(AttractionImage._meta.verbose_name)
        return listed, counts, perms_needed, []

    def save_model(self, request, obj, form, change):
        save_attraction_edit(attraction=obj, is_new=not change)


class CountedAdmin(TaggedTranslationInputs, admin.ModelAdmin):
    """Categories and stations show how many attractions use them."""

    list_display = [*columns("name"), "attraction_count"]
    search_fields = columns("name")
    fields = [columns("name")]

    class Media:
        css = {"all": ["css/backoffice.css"]}  # the names side by side

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(attraction_total=Count("attractions"))
        )

    @admin.display(description="景點數 Attractions", ordering="attraction_total")
    def attraction_count(self, obj):
        return obj.attraction_total


admin.site.register(Category, CountedAdmin)
admin.site.register(MrtStation, CountedAdmin)
