"""The council console's payout pages, included under /council/payouts/ by council/urls.py (names
in the "council" namespace)."""

from django.urls import path

from . import payout_views

urlpatterns = [
    path("", payout_views.payout_sellers, name="payout_sellers"),
    path("sellers/<int:seller_id>/", payout_views.payout_seller, name="payout_seller"),
    path("sellers/<int:seller_id>/request/", payout_views.payout_request, name="payout_request"),
    path("sellers/<int:seller_id>/commission/", payout_views.payout_commission, name="payout_commission"),
    path("sellers/<int:seller_id>/correction/", payout_views.payout_correction, name="payout_correction"),
    path("<int:payout_id>/sent/", payout_views.payout_sent, name="payout_sent"),
    path("<int:payout_id>/cancel/", payout_views.payout_cancel, name="payout_cancel"),
]
