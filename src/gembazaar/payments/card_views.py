"""The two doors of a hosted card checkout: the provider's webhook and the buyer's return.

Both are thin: the provider (providers/stripe_card.py, safepay.py) verifies and records. A webhook
answers 400 when it is not genuine (the provider retries and its dashboard shows it) and 200 for
everything else, even an event we ignore, so a provider never retries what we chose to ignore.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import Payment, PaymentStatus
from .providers import CARD_PROVIDERS, provider_for
from .providers.base import ProviderError
from .providers.hosted import WebhookRefused, pay_page_path

log = logging.getLogger("gembazaar.payments.cards")


def _card_provider(code: str):
    if code not in CARD_PROVIDERS:
        raise Http404
    return provider_for(code)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, provider: str) -> HttpResponse:
    card = _card_provider(provider)
    try:
        card.handle_webhook(body=request.body, headers=request.headers)
    except WebhookRefused as exc:
        log.warning("card %s webhook refused: %s", provider, exc)
        return HttpResponse(status=400)
    return HttpResponse(status=200)


@require_GET
def card_return(request: HttpRequest, provider: str, reference: str) -> HttpResponse:
    card = _card_provider(provider)
    payment = Payment.objects.filter(reference=reference[:20], provider=provider).first()
    if payment is None:
        raise Http404
    try:
        status = card.handle_return(payment=payment, params=request.GET)
    except ProviderError as exc:
        log.warning("card %s return for %s: %s", provider, reference, exc.message)
        messages.warning(request, _("We could not confirm your payment with the card provider yet. If you paid, "
                                    "it will show here as soon as the provider tells us."))
    else:
        if status.status in (PaymentStatus.PAID, PaymentStatus.OVERPAID):
            messages.success(request, _("Thank you: your card payment was received."))
        else:
            messages.info(request, _("Your card payment has not been confirmed yet. If you paid, it will show "
                                     "here as soon as the provider tells us."))
    return redirect(pay_page_path(payment.reference))
