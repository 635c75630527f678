"""The buyer-facing addresses of payments, mounted at the site's root under the "payments"
namespace; each part of the money flow keeps its own list (pay_urls: the payment step and "pay
now"; card_urls: hosted card returns and webhooks; invoice_urls: invoice downloads;
dispute_urls: the buyers' dispute centre)."""

from django.urls import include, path

from . import card_urls, dispute_urls, invoice_urls, pay_urls

app_name = "payments"

urlpatterns = [
    path("", include(pay_urls)),
    path("", include(card_urls)),
    path("", include(invoice_urls)),
    path("", include(dispute_urls)),
]
