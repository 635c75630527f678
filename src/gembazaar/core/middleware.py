from django.conf import settings

CURRENCY_SESSION_KEY = "display_currency"


class CurrencyMiddleware:
    """Puts the buyer's chosen display currency on the request (session, else the reference)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.session.get(CURRENCY_SESSION_KEY) if hasattr(request, "session") else None
        request.display_currency = chosen if chosen in settings.DISPLAY_CURRENCIES else settings.REFERENCE_CURRENCY
        return self.get_response(request)
