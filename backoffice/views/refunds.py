"""The refund page of one order: staff with the refund permission tick the trips (or
give an amount) and the reason, confirm what orders.services says it gives back, and
the Refund API is called once."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
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
        trips = services.refundable_items(order)
        form = RefundForm(request.POST or None, trips=trips)
        if request.method == "POST" and form.is_valid():
            wanted = requested(form)
            try:
                plan = services.plan_refund(order=order, **wanted)
            except services.OrderError as exc:
                form.add_error(None, exc.message)
            else:
                if confirmation(form) is not None:
                    return refund(request, model_admin, order, form, wanted)
                confirming = {
                    "confirmed": True,
                    "confirmed_amount": plan.amount,
                    "confirmed_left": plan.refundable,
                }
                form = RefundForm(
                    initial={**form.cleaned_data, **confirming}, trips=trips
                )
                return render(request, model_admin, order, form, plan=plan)
        return render(request, model_admin, order, form, plan=None)

    return view


def requested(form: RefundForm) -> dict:
    """The form's choice as refund_order's arguments: no trip ticked is None, an
    amount alone."""
    return {
        "item_ids": form.cleaned_data["items"] or None,
        "amount": form.cleaned_data["amount"],
    }


def confirmation(form: RefundForm) -> tuple[int, int] | None:
    """(amount, left) the confirmation page showed, or None before confirming."""
    data = form.cleaned_data
    if not data["confirmed"]:
        return None
    if data["confirmed_amount"] is None or data["confirmed_left"] is None:
        return None
    return data["confirmed_amount"], data["confirmed_left"]


def render(request, model_admin, order, form, *, plan):
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"退款 Refund {order.number}",
        "opts": model_admin.opts,
        "order": order,
        "items": list(order.items.select_related("refund")),
        "refunds": list(order.refunds.select_related("requested_by")),
        "refunded": services.refunded_amount(order),
        "left": services.refundable_amount(order),
        "is_refundable": order.status == OrderStatus.PAID,
        "form": form,
        "plan": plan,
        "is_confirming": plan is not None,
    }
    response = TemplateResponse(request, "backoffice/refund.html", context)
    if form.errors:
        response.status_code = 400
    return response


def refund(request, model_admin, order, form, wanted: dict):
    reason = form.cleaned_data["reason"]
    try:
        result = services.refund_order(
            order=order,
            requested_by=request.user,
            reason=reason,
            confirmed=confirmation(form),
            **wanted,
        )
    except services.OrderError as exc:
        messages.error(request, f"{order.number}：{exc.message}")
        return redirect("admin:orders_order_refund", order.pk)
    trips = ", ".join(str(item) for item in result.items.all()) or "僅退款 money only"
    model_admin.log_change(
        request,
        order,
        f"退款 Refund NT${result.amount} {result.state}（{trips}）：{reason}",
    )
    messages.add_message(
        request,
        OUTCOME_LEVELS.get(result.state, messages.WARNING),
        f"{order.number}：退款{result.get_state_display()} Refund {result.state} "
        f"NT${result.amount} {result.message}".strip(),
    )
    return redirect("admin:orders_order_change", order.pk)
