"""Mounted at /accounts/ (names are global: `login` and `logout` are what LOGIN_URL and templates use)."""

from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path("confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("confirm-again/", views.email_confirmation_resend, name="email_confirmation_resend"),
    path("", views.account, name="account"),
    path("seller/", views.seller_switch, name="seller_switch"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.ResetRequestView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.ResetDoneView.as_view(), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.ResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/done/", views.ResetCompleteView.as_view(), name="password_reset_complete"),
]
