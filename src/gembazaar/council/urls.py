"""Mounted at /council/."""

from django.urls import include, path

from . import payment_views, views

app_name = "council"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("sellers/", views.seller_list, name="seller_list"),
    path("sellers/<int:pk>/", views.seller_detail, name="seller_detail"),
    path("sellers/<int:pk>/action/", views.seller_action, name="seller_action"),
    path("origins/", views.origins, name="origins"),
    path("origins/<int:pk>/action/", views.origin_action, name="origin_action"),
    path("disputes/", include("gembazaar.council.dispute_views")),  # the dispute queue and decisions
    path("payments/", payment_views.payment_list, name="payment_list"),
    path("payments/statement/", payment_views.statement_upload, name="payment_statement"),
    path("payments/statement/apply/", payment_views.statement_apply, name="payment_statement_apply"),
    path("payments/statement/unmatched.csv", payment_views.statement_unmatched_csv,
         name="payment_statement_unmatched"),
    path("payments/<str:reference>/", payment_views.payment_detail, name="payment_detail"),
    path("payments/<str:reference>/refund/", payment_views.payment_refund, name="payment_refund"),
    path("payments/<str:reference>/refunds/<int:refund_id>/sent/", payment_views.refund_sent, name="refund_sent"),
    path("payouts/", include("gembazaar.council.payout_urls")),  # seller payouts: ledgers, payouts, commission
    path("duty-rates/", include("gembazaar.council.duty_views")),  # landed cost: duty and VAT table, history
]
