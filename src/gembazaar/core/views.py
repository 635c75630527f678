from django.conf import settings
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .middleware import CURRENCY_SESSION_KEY


@require_POST
def set_currency(request):
    """Remember the buyer's display currency, then go back where they were."""
    currency = request.POST.get("currency", "")
    if currency in settings.DISPLAY_CURRENCIES:
        request.session[CURRENCY_SESSION_KEY] = currency
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return HttpResponseRedirect(target)


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
