"""The admin site staff run the business from: a second factor before any page."""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from backoffice.forms import ThrottledAdminLoginForm
from orders.models import Order


def is_verified(user) -> bool:
    """Passed a second factor in this session. A user that auth.login() has just set
    on the request has not been through OTPMiddleware, so has no device yet."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def needs_second_factor(request) -> bool:
    """Signed in with a password as staff, but no code from a second factor yet."""
    user = request.user
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and not is_verified(user)
    )


class StaffAdminSite(admin.AdminSite):
    site_header = "台北一日遊 管理 Taipei Day Trip admin"
    site_title = "台北一日遊 管理"
    index_title = "後台 Back office"
    login_form = ThrottledAdminLoginForm

    def has_permission(self, request):
        return super().has_permission(request) and is_verified(request.user)

    def login(self, request, extra_context=None):
        if request.method == "GET" and needs_second_factor(request):
            return self.second_factor_redirect(request, request.GET)
        response = super().login(request, extra_context)
        throttled = getattr(
            getattr(response, "context_data", {}).get("form"), "throttled", None
        )
        if throttled is not None:
            response.status_code = 429
            response["Retry-After"] = str(throttled.retry_after)
            return response
        if (
            request.method == "POST"
            and isinstance(response, HttpResponseRedirect)
            and needs_second_factor(request)
        ):
            return self.second_factor_redirect(request, request.POST)
        return response

    def second_factor_redirect(self, request, params) -> HttpResponseRedirect:
        url = reverse("admin:second_factor", current_app=self.name)
        next_url = self.next_url(request, params)
        return HttpResponseRedirect(
            f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
        )

    def next_url(self, request, params) -> str:
        """Where to go once signed in: the asked-for admin page, never another site."""
        candidate = params.get(REDIRECT_FIELD_NAME, "")
        if candidate and url_has_allowed_host_and_scheme(
            candidate,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            return candidate
        return reverse("admin:index", current_app=self.name)

    def index(self, request, extra_context=None):
        from backoffice.dashboard import dashboard

        user = request.user
        context = {
            "can_view_roster": user.has_perm("orders.view_roster"),
            "can_reconcile": user.has_perm("orders.view_payment"),
            "dashboard": dashboard() if user.has_perm("orders.view_order") else None,
            **(extra_context or {}),
        }
        return super().index(request, context)

    def get_urls(self):
        from backoffice.views import dashboard, refunds, roster, security

        orders_admin = self._registry[Order]
        urls = [
            path(
                "orders/order/<path:object_id>/refund/",
                self.admin_view(refunds.refund_page(orders_admin)),
                name="orders_order_refund",
            ),
            path("roster/", self.admin_view(roster.roster_page(self)), name="roster"),
            path(
                "reconcile-now/",
                self.admin_view(dashboard.reconcile_now),
                name="reconcile_now",
            ),
            path(
                "second-factor/",
                security.second_factor(self),
                name="second_factor",
            ),
            path(
                "backup-codes/",
                self.admin_view(security.backup_codes(self)),
                name="backup_codes",
            ),
        ]
        return urls + super().get_urls()
