"""The fake provider's addresses, under /_fakepay/ (urls.py mounts them only when it is on).
Stripe's API is at _fakepay/stripe/v1/…, Safepay's at _fakepay/safepay/…"""

from __future__ import annotations

from django.urls import path

from . import page, safepay_api, stripe_api

app_name = "fakepay"

urlpatterns = [
    path("stripe/v1/checkout/sessions", stripe_api.sessions_create, name="stripe_sessions"),
    path("stripe/v1/checkout/sessions/<str:session_id>", stripe_api.sessions_retrieve, name="stripe_session"),
    path("stripe/v1/refunds", stripe_api.refunds_create, name="stripe_refunds"),
    path("safepay/order/v1/init", safepay_api.order_init, name="safepay_init"),
    path("safepay/components", safepay_api.components, name="safepay_components"),
    path("safepay/reporter/api/v1/payments/<str:tracker>", safepay_api.payment_status, name="safepay_status"),
    path("safepay/order/v1/refund", safepay_api.refund, name="safepay_refund"),
    path("pay/<str:kind>/<str:checkout_id>/", page.pay_page, name="page"),
]
