"""The refund page of one order: staff with the refund permission give the reason,
confirm, and the Refund API is called once through orders.services."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from backoffice.forms import RefundForm
from orders import services
from orders.models import AttemptState, OrderStatus

OUTCOME_LEVELS = {
    AttemptState.SUCCEEDED: messages.SUCCESS,
    AttemptState.FAILED: messages.ERROR,
}


def refund_page(model_admin):
    def view(request, object_id):
        if not request.user.has_perm("orders.refund_order"):
            raise PermissionDenied
        order = model_admin.get_object(request, unquote(object_id))
        if order is None:
            return model_admin._get_obj_does_not_exist_redirect(
                request, model_admin.opts, object_id
            )
        form = RefundForm(request.POST or None)
        is_refundable = order.status == OrderStatus.PAID
        if request.method == "POST" and is_refundable and form.is_valid():
            if form.cleaned_data["confirmed"]:
                return refund(request, model_admin, order, form.cleaned_data["reason"])
            form = RefundForm(initial={**form.cleaned_data, "confirmed": True})
            return render(request, model_admin, order, form, is_confirming=True)
        return render(request, model_admin, order, form, is_confirming=False)

    return view


def render(request, model_admin, order, form, *, is_confirming: bool):
    refunded = (
        order.refunds.filter(state=AttemptState.SUCCEEDED).aggregate(
            total=Sum("amount")
        )["total"]
        or 0
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"退款 Refund {order.number}",
        "opts": model_admin.opts,
        "order": order,
        "items": list(order.items.all()),
        "refunds": list(order.refunds.select_related("requested_by")),
        "refunded": refunded,
        "left": order.amount - refunded if order.status == OrderStatus.PAID else 0,
        "is_refundable": order.status == OrderStatus.PAID,
        "form": form,
        "is_confirming": is_confirming,
    }
    response = TemplateResponse(request, "backoffice/refund.html", context)
    if form.errors:
        response.status_code = 400
    return response


def refund(request, model_admin, order, reason: str):
    try:
        result = services.refund_order(
            order=order, requested_by=request.user, reason=reason
        )
    except services.OrderError as exc:
        messages.error(request, f"{order.number}：{exc.message}")
        return redirect("admin:orders_order_refund", order.pk)
    model_admin.log_change(
        request,
        order,
        f"退款 Refund NT${result.amount} {result.state}：{reason}",
    )
    messages.add_message(
        request,
        OUTCOME_LEVELS.get(result.state, messages.WARNING),
        f"{order.number}：退款{result.get_state_display()} Refund {result.state} "
        f"NT${result.amount} {result.message}".strip(),
    )
    return redirect("admin:orders_order_change", order.pk)
