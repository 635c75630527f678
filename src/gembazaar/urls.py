from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from gembazaar.accounts.views import set_language
from gembazaar.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Django's language switcher, wrapped so a signed-in person's choice is stored on the account.
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("gembazaar.accounts.urls")),  # login, logout, signup, account, password …
    path("council/", include("gembazaar.council.urls")),  # the council console (staff only)
    path("seller/api-keys/", include("gembazaar.sellerapi.urls")),  # seller API keys (owners)
    path("seller/import/", include("gembazaar.imports.urls")),  # bulk import of listings (seller members)
    path("seller/", include("gembazaar.sellercentre.urls")),  # the seller centre (seller members)
    path("", include("gembazaar.core.urls")),
    path("", include("gembazaar.sellers.urls")),
    path("", include("gembazaar.catalogue.urls")),
    path("", include("gembazaar.search.urls")),  # /search/
    path("", include("gembazaar.alerts.urls")),
    path("", include("gembazaar.pricing.urls")),  # /rates/ and the console's /council/rates/
    path("", include("gembazaar.orders.urls")),  # cart, checkout, /orders/, /seller/orders/, /council/orders/
    path("", include("gembazaar.payments.urls")),  # pay, card returns and webhooks, invoices, disputes
]

# The local card provider (gembazaar.fakepay): development and tests only, never with DEBUG off.
urlpatterns += [path("_fakepay/", include("gembazaar.fakepay.urls"))] if settings.PAYMENTS_FAKE_PROVIDER else []

if settings.SERVE_MEDIA:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
