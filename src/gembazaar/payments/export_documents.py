"""Export documents of a paid order (commercial invoice, packing list) and the checks a Pakistani
exporter needs before handing the parcel over.

Rules:
- the documents exist only once the order is paid (processing, shipped and later): an unpaid order
  has none (the doors answer 404);
- `form_e_required`: the declared value (the order's total in USD) is over the courier e-commerce
  limit (settings.EXPORT_COURIER_LIMIT_USD, US$5,000): the consignment needs a bank Form-E;
- `kp_certificate_missing`: a rough diamond line has no Kimberley Process certificate number
  (orders.export_rules; the status machine refuses to ship it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from gembazaar.core import fx
from gembazaar.orders.export_rules import lines_missing_kp_certificate
from gembazaar.orders.models import Order, OrderLine
from gembazaar.sellers.models import Seller

from .invoices import order_was_paid

FORM_E_REQUIRED = "form_e_required"
KP_CERTIFICATE_MISSING = "kp_certificate_missing"

# What each check says to the seller, in the reader's language (codes are what is kept and returned).
CHECK_MESSAGES = {
    FORM_E_REQUIRED: _("The declared value is over the US$%(limit)s courier limit for e-commerce exports: this "
                       "consignment cannot go on the courier's declaration alone. File a Form-E through your "
                       "bank (the proceeds are realised through it) before handing the parcel over."),
    KP_CERTIFICATE_MISSING: _("A rough diamond in this order has no Kimberley Process certificate number: it "
                              "cannot be marked shipped until one is recorded."),
}

INCOTERM_DAP = "DAP"


def courier_limit_usd() -> Decimal:
    return Decimal(str(settings.EXPORT_COURIER_LIMIT_USD))


def declared_value_usd(order: Order) -> Decimal:
    """The consignment's declared value (goods and shipping, as invoiced) in US dollars."""
    return fx.to_reference(order.total, order.currency)


def export_checks(order: Order) -> list[str]:
    """The export check codes that apply to the order, in a stable order."""
    codes = []
    if declared_value_usd(order) > courier_limit_usd():
        codes.append(FORM_E_REQUIRED)
    if lines_missing_kp_certificate(order):
        codes.append(KP_CERTIFICATE_MISSING)
    return codes


def export_check_messages(order: Order) -> list[tuple[str, str]]:
    """(code, sentence) pairs for the seller's order page."""
    limit = f"{courier_limit_usd():,.0f}"
    return [(code, str(CHECK_MESSAGES[code]) % {"limit": limit} if code == FORM_E_REQUIRED
             else str(CHECK_MESSAGES[code])) for code in export_checks(order)]


def incoterm_of(order: Order) -> str:
    """DAP (the buyer pays duty on arrival) unless the order says otherwise (DDP)."""
    return (getattr(order, "incoterm", "") or INCOTERM_DAP).upper()


def has_export_documents(order: Order) -> bool:
    return order_was_paid(order) and order.status != Order.Status.CANCELLED


# --- Reads of the doors: Order.DoesNotExist (→ 404) for an order the reader may not see or unpaid ----


# An order number as orders makes them; anything else (NUL bytes, huge input) is simply not found.
_NUMBER = re.compile(r"[A-Za-z0-9-]{1,20}")


def _orders(number: str):
    if not isinstance(number, str) or not _NUMBER.fullmatch(number):
        return Order.objects.none()
    return Order.objects.select_related("seller", "checkout", "buyer").filter(number=number)


def _exportable(order: Order) -> Order:
    if not has_export_documents(order):
        raise Order.DoesNotExist
    return order


def export_order_get_for_seller(*, seller: Seller, number: str) -> Order:
    return _exportable(_orders(number).get(seller=seller))


def export_order_get_for_staff(*, number: str) -> Order:
    return _exportable(_orders(number).get())


# --- What the documents list, line by line ------------------------------------------------------

CARAT_IN_GRAMS = Decimal("0.2")
JEWELRY = "jewelry"


@dataclass(frozen=True)
class ExportLine:
    line: OrderLine
    carats: Decimal | None  # total for the line (spec carat × quantity); jewelry: its stones
    grams: Decimal | None   # total for the line (carats × 0.2; jewelry: gross weight)
    origin_country: str     # ISO code, or "" when not stated


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() and number > 0 else None


def _origin(line: OrderLine, seller_country: str) -> str:
    """Where a stone was mined (the listing's stated origin), never the seller's country; jewelry
    made by a seller in Pakistan is of Pakistani origin. A man-made stone has none: not stated."""
    if line.kind == JEWELRY:
        return "PK" if seller_country == "PK" else ""
    if (line.spec or {}).get("nature") in {"synthetic", "imitation"} or line.listing is None:
        return ""
    return str(line.listing.origin_country or "")


def export_lines(order: Order) -> list[ExportLine]:
    seller_country = str(order.seller.country)
    rows = []
    for line in order.lines.select_related("listing").order_by("pk"):
        spec = line.spec or {}
        if line.kind == JEWELRY:
            stones = _decimal(spec.get("stone_weight_ct"))
            gross = _decimal(spec.get("gross_weight_g"))
            carats = stones * line.quantity if stones else None
            grams = gross * line.quantity if gross else None
        else:
            carat = _decimal(spec.get("carat"))
            carats = carat * line.quantity if carat else None
            grams = (carats * CARAT_IN_GRAMS).quantize(Decimal("0.001")) if carats else None
        rows.append(ExportLine(line=line, carats=carats, grams=grams, origin_country=_origin(line, seller_country)))
    return rows
