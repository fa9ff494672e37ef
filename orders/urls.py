from django.urls import path

from orders import views

urlpatterns = [
    path("thankyou", views.thankyou_page, name="thankyou"),
    path("orders", views.order_history_page, name="order-history"),
]
