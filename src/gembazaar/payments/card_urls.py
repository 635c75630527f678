"""Addresses of the card pages (issue 16), included by payments/urls.py: the providers' signed
webhooks and the buyer's return from a hosted checkout."""

from __future__ import annotations

from django.urls import path

from . import card_views

urlpatterns: list = [
    path("payments/webhooks/<str:provider>/", card_views.webhook, name="card_webhook"),
    path("payments/return/<str:provider>/<str:reference>/", card_views.card_return, name="card_return"),
]
