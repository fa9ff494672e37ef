from django.utils import translation

from orders import selectors, services
from orders.forms import (
    MESSAGES,
    NotifyForm,
    PageForm,
    PaymentForm,
    parse_cancel,
    parse_checkout,
)
from taipei_trip.api import ApiView, read_json, valid


def payment_answer(result: services.PaymentResult) -> dict:
    payment = {"status": result.contract_status, "message": result.message}
    if result.redirect_url:
        # The one addition to the contract's answer: send the browser there.
        payment["redirectUrl"] = result.redirect_url
    return {"data": {"number": result.order.number, "payment": payment}}


class OrderListApi(ApiView):
    """POST /api/orders places and pays an order; GET lists the member's orders."""

    login_required = True

    def post(self, request):
        checkout = parse_checkout(read_json(request))
        result = services.checkout(
            user=request.user, **checkout, language=translation.get_language()
        )
        return payment_answer(result)

    def get(self, request):
        query = valid(PageForm(data=request.GET))
        orders, next_page = selectors.orders_page(
            user=request.user, page=query["page"] or 0
        )
        return {
            "nextPage": next_page,
            "data": [selectors.order_to_dict(order) for order in orders],
        }


class OrderApi(ApiView):
    """GET /api/order/{number}: the member's own order, or null."""

    login_required = True

    def get(self, request, number: str):
        order = selectors.order_for(user=request.user, number=number)
        if order is None:
            return {"data": None}
        # The member may be back from TapPay's page: ask the Record API, never the URL.
        order = services.refresh_order(order=order, verify_redirects=True)
        return {"data": selectors.order_to_dict(order)}


class OrderPaymentApi(ApiView):
    """POST /api/order/{number}/pay: pay a pending or failed order with a new prime."""

    login_required = True

    def post(self, request, number: str):
        payment = valid(PaymentForm(data=read_json(request)))
        order = selectors.order_for(user=request.user, number=number)
        if order is None:
            raise services.OrderError(MESSAGES["not_found"])
        result = services.pay_order(
            order=order,
            prime=payment["prime"],
            method=payment["payMethod"],
            language=translation.get_language(),
        )
        return payment_answer(result)


class OrderCancelApi(ApiView):
    """POST /api/order/{number}/cancel: cancel some trips (or all) of a paid order
    before their free-cancellation deadline; answers the updated order. Another
    member's order is as unknown as a number that does not exist (404)."""

    login_required = True

    def post(self, request, number: str):
        body = read_json(request) if request.body else {}
        item_ids = parse_cancel(body)
        order = selectors.order_for(user=request.user, number=number)
        if order is None:
            raise services.OrderError(MESSAGES["not_found"], status=404)
        services.cancel_items(
            order=order,
            member=request.user,
            item_ids=item_ids,
            language=translation.get_language(),
        )
        order = selectors.order_for(user=request.user, number=number)
        return {"data": selectors.order_to_dict(order)}


class TapPayNotifyApi(ApiView):
    """POST /api/tappay/notify: TapPay's backend notify, checked with the Record API."""

    def post(self, request):
        data = read_json(request)
        notify = valid(NotifyForm(data=data))
        services.handle_notify(rec_trade_id=notify["rec_trade_id"], claims=notify)
        return {"ok": True}
