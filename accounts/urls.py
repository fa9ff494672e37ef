from django.urls import path

from accounts import api, views

urlpatterns = [
    path("member", views.member_page, name="member"),
    path("api/user", api.UserApi.as_view()),
    path("api/user/auth", api.AuthApi.as_view()),
    path("api/user/password", api.PasswordApi.as_view()),
    path("api/user/avatar", api.AvatarApi.as_view()),
]
