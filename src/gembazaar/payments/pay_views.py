"""The buyer's payment page (/payments/<reference>/): how much, in which currency at which rates,
the ways to pay that are offered, and for a bank transfer the account and reference to quote.
"Pay now" on an unpaid order and the checkout's confirmation lead here."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gembazaar.core import fx
from gembazaar.core.errors import DomainError
from gembazaar.orders.checkout_steps import steps_for

from . import selectors
from .methods import METHOD_OF_PROVIDER, bank_rail, payment_methods
from .models import Payment, Provider
from .paying import payment_start
from .services import SETTLED


def _own_payment(request: HttpRequest, reference: str) -> Payment:
    try:
        return selectors.payment_get_for_buyer(user=request.user, reference=reference)
    except Payment.DoesNotExist:
        raise Http404 from None


def _page(request: HttpRequest, payment: Payment, *, error: DomainError | None = None, status: int = 200):
    methods = payment_methods(payment=payment)
    chosen = request.POST.get("method") if error else None
    started = selectors.payment_started(payment=payment)
    return render(request, "payments/pay.html", {
        "payment": payment, "orders": selectors.payment_orders(payment=payment),
        "received": selectors.payment_received(payment=payment),
        "rates": [fx.rate_text(source, Decimal(rate), payment.currency)
                  for source, rate in selectors.checkout_exchange_rates(payment=payment)],
        "methods": methods, "chosen": chosen or (METHOD_OF_PROVIDER[payment.provider] if started else ""),
        "settled": payment.status in SETTLED, "error": error,
        "show_bank": started and payment.provider == Provider.BANK_TRANSFER, "rail": bank_rail(payment),
        "cash_on_delivery": started and payment.provider == Provider.CASH_ON_DELIVERY,
        "bank": settings.BANK_TRANSFER, "steps": steps_for("pay"),
    }, status=status)


@require_GET
@login_required
def pay(request: HttpRequest, reference: str) -> HttpResponse:
    return _page(request, _own_payment(request, reference))


@require_POST
@login_required
def pay_start(request: HttpRequest, reference: str) -> HttpResponse:
    """Pay by the chosen method: off to the card page, or back here with the bank details."""
    payment = _own_payment(request, reference)
    try:
        started = payment_start(payment=payment, method=request.POST.get("method", ""))
    except DomainError as exc:
        return _page(request, payment, error=exc, status=exc.status)
    if started.redirect_url:
        return redirect(started.redirect_url)
    payment.refresh_from_db()
    if payment.provider == Provider.CASH_ON_DELIVERY:
        messages.success(request, _("Cash on delivery confirmed: the sellers are preparing your order."))
    return redirect("payments:pay", reference=payment.reference)
