"""The fake's hosted payment page: the amount, the merchant, a card number; Pay or Cancel.

4242 4242 4242 4242 pays: the checkout is marked paid, the signed webhook goes to the site over
HTTP, and the buyer is sent to the success address. 4000 0000 0000 0002 is declined (Safepay
also reports an `error:occurred` webhook, which the site ignores)."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import safepay_api, state, stripe_api, webhooks

PAYS = "4242424242424242"
DECLINED = "4000000000000002"
MERCHANT = {"stripe": gettext_lazy("GemBazaar (Stripe test mode)"),
            "safepay": gettext_lazy("GemBazaar (Safepay sandbox)")}


def _mark_paid(checkout: state.Checkout) -> bool:
    """True the first time only: a second Pay sends nothing again."""
    with state.LOCK:
        if checkout.paid:
            return False
        checkout.paid = True
        checkout.payment_id = state.new_id("pi") if checkout.kind == "stripe" else checkout.id
        return True


def _notify_paid(checkout: state.Checkout, request: HttpRequest) -> None:
    if checkout.kind == "stripe":
        webhooks.send("stripe", webhooks.stripe_event("checkout.session.completed",
                                                      stripe_api.session_json(checkout, request)))
    else:
        note = safepay_api.status_json(checkout)["data"]
        webhooks.send("safepay", webhooks.safepay_event("payment:created", {
            "tracker": checkout.id, "intent": "CYBERSOURCE", "state": "PAID", "amount": note["amount"],
            "currency": checkout.currency, "metadata": note["metadata"]}))


def _success_url(checkout: state.Checkout) -> str:
    if checkout.kind == "stripe":
        return checkout.success_url.replace("{CHECKOUT_SESSION_ID}", checkout.id)
    # Safepay sends the tracker and its signature back; the site asks the status API instead.
    sig = hmac.new(settings.SAFEPAY_SECRET.encode(), checkout.id.encode(), hashlib.sha256).hexdigest()
    joiner = "&" if "?" in checkout.success_url else "?"
    return f"{checkout.success_url}{joiner}{urlencode({'tracker': checkout.id, 'sig': sig})}"


@csrf_exempt  # the provider's own page on "another site": our CSRF cookie is not there
@require_http_methods(["GET", "POST"])
def pay_page(request: HttpRequest, kind: str, checkout_id: str) -> HttpResponse:
    checkout = state.get(kind, checkout_id)
    if checkout is None:
        raise Http404
    message, status = "", 200
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            return redirect(checkout.cancel_url or "/")
        number = "".join(ch for ch in request.POST.get("card_number", "") if ch.isdigit())
        if number == PAYS:
            if _mark_paid(checkout):
                _notify_paid(checkout, request)
            return redirect(_success_url(checkout))
        status = 402
        if number == DECLINED:
            message = _("Your card was declined. No money was taken.")
            if kind == "safepay":
                webhooks.send("safepay", webhooks.safepay_event("error:occurred", {
                    "tracker": checkout.id, "intent": "CYBERSOURCE", "message": "05 : Do not honour"}))
        else:
            message = _("Use a test card: 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined.")
    return render(request, "fakepay/pay.html", {"checkout": checkout, "merchant": MERCHANT[kind],
                                                "message": message}, status=status)
