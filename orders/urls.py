from django.urls import path

from orders import api, views

# Pages sit under the language prefixes (taipei_trip/urls.py); the API does not.
page_patterns = [
    path("thankyou", views.thankyou_page, name="thankyou"),
    path("orders", views.order_history_page, name="order-history"),
    path("order/<str:number>", views.order_page, name="order"),
    path("order/<str:number>/return", views.order_return_page, name="order-return"),
]

urlpatterns = [
    path("api/tappay/notify", api.TapPayNotifyApi.as_view(), name="tappay-notify"),
    path("api/orders", api.OrderListApi.as_view()),
    path("api/order/<str:number>", api.OrderApi.as_view()),
    path("api/order/<str:number>/pay", api.OrderPaymentApi.as_view()),
    path("api/order/<str:number>/cancel", api.OrderCancelApi.as_view()),
]
