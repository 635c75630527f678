"""Mounted at the site root: the public rates page and the council console's rate entry."""

from django.urls import path

from . import views

app_name = "pricing"

urlpatterns = [
    path("rates/", views.rates, name="rates"),
    path("council/rates/", views.console, name="console"),
    path("council/rates/metal/", views.metal_rate_record, name="metal_rate_record"),
    path("council/rates/fx/", views.fx_rate_record, name="fx_rate_record"),
    path("council/rates/csv/", views.rates_csv_upload, name="rates_csv_upload"),
]
