from django.conf import settings


def site(request):
    return {
        "display_currencies": settings.DISPLAY_CURRENCIES,
        "display_currency": getattr(request, "display_currency", settings.REFERENCE_CURRENCY),
    }
