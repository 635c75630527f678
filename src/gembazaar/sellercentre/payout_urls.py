"""The seller centre's payout pages, included under /seller/payouts/ by sellercentre/urls.py (names in
the "sellercentre" namespace)."""

from django.urls import path

from . import payout_views

urlpatterns = [
    path("", payout_views.payouts, name="payouts"),
    path("<int:payout_id>/", payout_views.payout_detail, name="payout_detail"),
    path("statements/<str:month>.csv", payout_views.statement_csv_download, name="payout_statement_csv"),
    path("statements/<str:month>.pdf", payout_views.statement_pdf_download, name="payout_statement_pdf"),
]
