from django.urls import path

from accounts import views

urlpatterns = [
    path("member", views.member_page, name="member"),
]
