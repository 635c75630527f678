"""Addresses of the buyer's payment page, included by payments/urls.py."""

from __future__ import annotations

from django.urls import path

from . import pay_views

urlpatterns = [
    path("payments/<str:reference>/", pay_views.pay, name="pay"),
    path("payments/<str:reference>/start/", pay_views.pay_start, name="pay_start"),
]
