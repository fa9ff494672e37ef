from django.urls import path

from orders import views

urlpatterns = [
    path("thankyou", views.thankyou_page, name="thankyou"),
]
