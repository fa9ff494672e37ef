from orders import selectors, services
from orders.forms import MESSAGES, PageForm, PaymentForm, parse_checkout
from taipei_trip.api import ApiView, read_json, valid


def payment_answer(result: services.PaymentResult) -> dict:
    return {
        "data": {
            "number": result.order.number,
            "payment": {"status": result.contract_status, "message": result.message},
        }
    }


class OrderListApi(ApiView):
    """POST /api/orders places and pays an order; GET lists the member's orders."""

    login_required = True

    def post(self, request):
        checkout = parse_checkout(read_json(request))
        return payment_answer(services.checkout(user=request.user, **checkout))

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
        order = services.refresh_order(order=order)
        return {"data": selectors.order_to_dict(order)}


class OrderPaymentApi(ApiView):
    """POST /api/order/{number}/pay: pay a pending or failed order with a new prime."""

    login_required = True

    def post(self, request, number: str):
        prime = valid(PaymentForm(data=read_json(request)))["prime"]
        order = selectors.order_for(user=request.user, number=number)
        if order is None:
            raise services.OrderError(MESSAGES["not_found"])
        return payment_answer(services.pay_order(order=order, prime=prime))
