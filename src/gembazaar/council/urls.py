"""Mounted at /council/."""

from django.urls import path

from . import views

app_name = "council"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("sellers/", views.seller_list, name="seller_list"),
    path("sellers/<int:pk>/", views.seller_detail, name="seller_detail"),
    path("sellers/<int:pk>/action/", views.seller_action, name="seller_action"),
    path("origins/", views.origins, name="origins"),
    path("origins/<int:pk>/action/", views.origin_action, name="origin_action"),
]
