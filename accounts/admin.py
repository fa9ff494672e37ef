from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import (
    AdminUserCreationForm,
    ReadOnlyPasswordHashField,
    SetPasswordMixin,
    SetUnusablePasswordMixin,
    UserChangeForm,
)
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from accounts import services
from accounts.avatars import avatar_url
from accounts.errors import AccountError
from accounts.models import User
from accounts.tokens import revoke_all_tokens


class NormalisedEmailMixin:
    """Staff type e-mails as they like; members are keyed by the lower-cased address."""

    def clean_email(self) -> str:
        return User.objects.normalize_email_address(self.cleaned_data["email"])


class MemberCreationForm(NormalisedEmailMixin, AdminUserCreationForm):
    # Django's own fields, with labels in both languages like every other one.
    password1, password2 = SetPasswordMixin.create_password_fields(
        label1="密碼 Password", label2="再次輸入密碼 Password again"
    )
    usable_password = SetUnusablePasswordMixin.create_usable_password_field()
    usable_password.label = "密碼登入 Password sign-in"

    class Meta:
        model = User
        fields = ("email", "name")


class MemberChangeForm(NormalisedEmailMixin, UserChangeForm):
    password = ReadOnlyPasswordHashField(
        label="密碼 Password",
        help_text="不儲存原始密碼 Raw passwords are not stored.",
    )

    class Meta:
        model = User
        fields = "__all__"


MEMBER_ORDERS_SHOWN = 10


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = MemberChangeForm
    add_form = MemberCreationForm
    list_display = [
        "email",
        "name",
        "phone",
        "is_email_verified",
        "is_active",
        "is_staff",
        "date_joined",
    ]
    list_display_links = ["email", "name"]
    list_filter = [
        ("email_verified_at", admin.EmptyFieldListFilter),
        "is_active",
        "is_staff",
        "is_superuser",
        "date_joined",
    ]
    search_fields = ["email", "name", "phone"]
    ordering = ["-date_joined"]
    readonly_fields = [
        "avatar_preview",
        "member_orders",
        "last_login",
        "date_joined",
        "email_verified_at",
        "deleted_at",
    ]
    fieldsets = [
        (None, {"fields": ["email", "email_verified_at", "password"]}),
        ("個人資料 Personal details", {"fields": ["name", "phone", "avatar_preview"]}),
        ("訂單 Orders", {"fields": ["member_orders"]}),
        (
            "權限",
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        ("時間 Dates", {"fields": ["last_login", "date_joined", "deleted_at"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "name",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        )
    ]
    actions = ["sign_out_everywhere", "remove_avatars"]

    @admin.display(
        description="信箱已驗證 E-mail verified",
        boolean=True,
        ordering="email_verified_at",
    )
    def is_email_verified(self, obj: User) -> bool:
        return obj.is_email_verified

    @admin.display(description="頭像 Avatar")
    def avatar_preview(self, obj: User) -> str:
        url = avatar_url(obj.avatar)
        if not url:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="96" height="96">',
            url,
        )

    @admin.display(description="訂單 Orders")
    def member_orders(self, obj: User) -> str:
        """Links to the member's orders, newest first, as staff look them up."""
        orders = obj.orders.order_by("-created_at")[:MEMBER_ORDERS_SHOWN]
        if not orders:
            return "—"
        rows = format_html_join(
            mark_safe("<br>"),  # noqa: S308 - a constant separator
            '<a href="{}">{}</a> {} NT$ {}',
            (
                (
                    reverse("admin:orders_order_change", args=[order.pk]),
                    order.number,
                    order.get_status_display(),
                    order.amount,
                )
                for order in orders
            ),
        )
        listing = (
            reverse("admin:orders_order_changelist") + f"?user__id__exact={obj.pk}"
        )
        return format_html('{}<br><a href="{}">全部訂單</a>', rows, listing)

    @admin.action(description="登出所選會員的所有裝置 Sign out everywhere")
    def sign_out_everywhere(self, request, queryset) -> None:
        for member in queryset:
            revoke_all_tokens(user=member)
        self.message_user(request, f"已登出 {len(queryset)} 位會員的所有裝置")

    @admin.action(description="移除所選會員的頭像 Remove avatars")
    def remove_avatars(self, request, queryset) -> None:
        for member in queryset.exclude(avatar=""):
            try:
                services.remove_avatar(user=member)
            except AccountError as exc:
                self.message_user(request, f"{member}: {exc.message}", messages.ERROR)
