"""The dashboard's action: settle open payments now, as the cron job would."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from orders import services

logger = logging.getLogger(__name__)


@require_POST
def reconcile_now(request):
    if not request.user.has_perm("orders.view_payment"):
        raise PermissionDenied
    summary = services.reconcile_open_attempts()
    text = "; ".join(summary.lines())
    logger.info("staff %s reconciled now: %s", request.user.pk, text)
    messages.info(request, f"對帳完成 Reconciled: {text}")
    return redirect("admin:index")
