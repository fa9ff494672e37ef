"""Staff sign-in's second step: enrol an authenticator the first time, then a code
from it (or a backup code) on every sign-in."""

import base64

import segno
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login

from backoffice import security
from backoffice.forms import SecondFactorForm
from backoffice.sites import is_verified, needs_second_factor


def second_factor(site):
    @sensitive_post_parameters("code")
    @csrf_protect
    @never_cache
    def view(request):
        if not needs_second_factor(request):
            if is_verified(request.user):
                return redirect(site.next_url(request, request.GET))
            return redirect("admin:login")
        user = request.user
        is_enrolling = not security.has_authenticator(user)
        form = SecondFactorForm(request.POST or None)
        if form.is_valid():
            try:
                if is_enrolling:
                    device, codes = security.confirm_authenticator(
                        user=user, code=form.cleaned_data["code"]
                    )
                else:
                    device = security.verify_second_factor(
                        user=user, code=form.cleaned_data["code"]
                    )
            except security.SecondFactorError as exc:
                form.add_error("code", str(exc))
            else:
                request.session.cycle_key()
                otp_login(request, device)
                next_url = site.next_url(request, request.GET)
                if is_enrolling:
                    return show_backup_codes(request, site, codes, next_url)
                return redirect(next_url)
        context = {
            **site.each_context(request),
            "title": "兩步驟驗證 Two-step verification",
            "form": form,
            "is_enrolling": is_enrolling,
            REDIRECT_FIELD_NAME: site.next_url(request, request.GET),
        }
        if is_enrolling:
            context.update(enrolment_context(user))
        return TemplateResponse(request, "backoffice/second_factor.html", context)

    return view


def enrolment_context(user) -> dict:
    device = security.pending_authenticator(user=user)
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    return {
        "qr_svg": qr.svg_inline(scale=4, dark="#000", light="#fff", title="QR code"),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }


def show_backup_codes(request, site, codes, next_url):
    return TemplateResponse(
        request,
        "backoffice/backup_codes.html",
        {
            **site.each_context(request),
            "title": "備用碼 Backup codes",
            "codes": codes,
            "next_url": next_url,
        },
    )


def backup_codes(site):
    @never_cache
    def view(request):
        if request.method == "POST":
            codes = security.replace_backup_codes(user=request.user)
            return show_backup_codes(request, site, codes, site.next_url(request, {}))
        return TemplateResponse(
            request,
            "backoffice/backup_codes.html",
            {
                **site.each_context(request),
                "title": "備用碼 Backup codes",
                "remaining": security.remaining_backup_codes(request.user),
            },
        )

    return view
