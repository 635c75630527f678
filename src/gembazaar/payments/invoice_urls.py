"""Addresses of the invoice downloads (issue 16), included by payments/urls.py at the site's root:
beside each door's order page."""

from __future__ import annotations

from django.urls import path

from . import export_views, invoice_views

urlpatterns = [
    path("orders/<str:number>/invoice.pdf", invoice_views.buyer_invoice, name="buyer_invoice"),
    path("seller/orders/<str:number>/invoice.pdf", invoice_views.seller_invoice, name="seller_invoice"),
    path("council/orders/<str:number>/invoice.pdf", invoice_views.council_invoice, name="council_invoice"),
    path("seller/orders/<str:number>/commercial-invoice.pdf", export_views.seller_commercial_invoice,
         name="seller_commercial_invoice"),
    path("seller/orders/<str:number>/packing-list.pdf", export_views.seller_packing_list, name="seller_packing_list"),
    path("council/orders/<str:number>/commercial-invoice.pdf", export_views.council_commercial_invoice,
         name="council_commercial_invoice"),
    path("council/orders/<str:number>/packing-list.pdf", export_views.council_packing_list,
         name="council_packing_list"),
]
