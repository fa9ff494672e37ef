from django.urls import path

from accounts import api, views

# Pages sit under the language prefixes (taipei_trip/urls.py); the API does not.
page_patterns = [
    path("member", views.member_page, name="member"),
    path(
        "reset/<str:uid>/<str:token>", views.password_reset_page, name="password-reset"
    ),
    path("verify/<str:token>", views.verify_email_page, name="verify-email"),
]

urlpatterns = [
    path("api/user", api.UserApi.as_view()),
    path("api/user/auth", api.AuthApi.as_view()),
    path("api/user/password", api.PasswordApi.as_view()),
    path("api/user/avatar", api.AvatarApi.as_view()),
    path("api/user/password-reset", api.PasswordResetApi.as_view()),
    path("api/user/password-reset/confirm", api.PasswordResetConfirmApi.as_view()),
    path("api/user/verification", api.VerificationApi.as_view()),
    path("api/user/export", api.ExportApi.as_view()),
]
