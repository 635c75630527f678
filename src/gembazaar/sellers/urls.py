from django.urls import path

from . import views

urlpatterns = [
    path("sellers/", views.seller_list, name="seller_list"),
    path("sell/apply/", views.seller_apply, name="seller_apply"),
    path("sell/application/", views.seller_application, name="seller_application"),
    path("sell/application/reapply/", views.seller_reapply, name="seller_reapply"),
    path("sell/documents/<int:pk>/", views.seller_document_download, name="seller_document_download"),
]
