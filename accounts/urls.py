from django.urls import path

from accounts import api

urlpatterns = [
    path("api/user", api.UserApi.as_view()),
    path("api/user/auth", api.AuthApi.as_view()),
    path("api/user/password", api.PasswordApi.as_view()),
    path("api/user/avatar", api.AvatarApi.as_view()),
]
