from django.urls import path

from . import views

urlpatterns = [
    path("sellers/", views.seller_list, name="seller_list"),
]
