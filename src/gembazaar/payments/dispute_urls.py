"""Addresses of the buyers' dispute centre (issue 16), included by payments/urls.py under the
"payments" namespace at the site's root."""

from __future__ import annotations

from django.urls import path

from . import dispute_views as views

urlpatterns = [
    path("disputes/", views.dispute_list, name="disputes"),
    path("disputes/<int:dispute_id>/", views.dispute_detail, name="dispute_detail"),
    path("disputes/<int:dispute_id>/<slug:step>/", views.dispute_step, name="dispute_step"),
    path("disputes/photos/<int:photo_id>/", views.dispute_photo, name="dispute_photo"),
    path("orders/<str:number>/dispute/", views.dispute_open, name="dispute_open"),
    path("orders/<str:number>/cancel-late/", views.order_cancel_late, name="order_cancel_late"),
]
