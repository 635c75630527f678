"""The REST API at /api/v1/: routers from the apps, one error shape, schema and docs.

/api/v1/docs is ninja's Swagger UI. Its script and styles come from django-ninja's own static
files, not a CDN, as long as "ninja" is in INSTALLED_APPS (ninja falls back to a CDN page
otherwise); test_api_schema.py checks that the page loads nothing from outside.
"""

from ninja import Swagger

from gembazaar.alerts.api import router as alerts_router
from gembazaar.catalogue.api import listings_router, vocab_router
from gembazaar.core.api import GemBazaarAPI, add_unknown_path_fallback
from gembazaar.orders.api import router as orders_router
from gembazaar.orders.council_api import router as council_orders_router
from gembazaar.orders.seller_api import router as seller_orders_router
from gembazaar.payments.api import router as payments_router
from gembazaar.payments.council_api import router as council_payments_router
from gembazaar.payments.council_payout_api import router as council_payouts_router
from gembazaar.pricing.api import router as pricing_router
from gembazaar.search.api import search_router
from gembazaar.sellerapi.api import router as sellerapi_router
from gembazaar.sellerapi.bulk_api import router as sellerapi_bulk_router
from gembazaar.sellerapi.imports_api import router as sellerapi_imports_router
from gembazaar.sellerapi.payouts_api import router as sellerapi_payouts_router
from gembazaar.sellerapi.returns_api import router as sellerapi_returns_router
from gembazaar.sellers.api import router as sellers_router
from gembazaar.shipping.api import router as shipping_router

api = GemBazaarAPI(
    title="GemBazaar API",
    version="1.0.0",
    description="Read API of the GemBazaar marketplace. See docs/API.md for a guide.",
    urls_namespace="api",
    # No validator: Swagger UI would send our schema's address to validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("", listings_router)
api.add_router("", search_router)
api.add_router("", sellers_router)
api.add_router("", vocab_router)
api.add_router("", alerts_router)
api.add_router("", sellerapi_router)
api.add_router("", sellerapi_imports_router)
api.add_router("", sellerapi_returns_router)
api.add_router("", sellerapi_payouts_router)
api.add_router("", sellerapi_bulk_router)
api.add_router("", shipping_router)
api.add_router("", pricing_router)
api.add_router("", orders_router)
api.add_router("", seller_orders_router)
api.add_router("", council_orders_router)
api.add_router("", payments_router)
api.add_router("", council_payments_router)
api.add_router("", council_payouts_router)
api.add_router("", "gembazaar.payments.dispute_api.router")  # buyers' disputes, late-shipment cancel
api.add_router("", "gembazaar.sellerapi.disputes_api.router")  # disputes on a seller's orders (API key)
api.add_router("", "gembazaar.payments.council_dispute_api.router")  # council staff decide disputes
api.add_router("", "gembazaar.payments.invoice_api.router")  # invoice PDFs: buyer, seller (API key), council
add_unknown_path_fallback(api)  # last: it matches any address the routers did not
