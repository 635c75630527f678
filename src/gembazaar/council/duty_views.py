"""The council console's duty rates (/council/duty-rates/): the landed-cost table with its source
and year on every row, a form to edit a row (writes a history row), and the history.

Staff only. Reads from shipping.DutyRate; writes through shipping.duty_services."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gembazaar.accounts.permissions import council_staff_required
from gembazaar.core.countries import country_name
from gembazaar.core.errors import DomainError
from gembazaar.shipping import duty_services, landed_selectors
from gembazaar.shipping.duty_table import FIELDS
from gembazaar.shipping.models import DutyRate, DutyRateChange

HISTORY_SIZE = 100


def _with_diff(change: DutyRateChange) -> DutyRateChange:
    """The fields this change altered, (name, before, after); empty for a row's first load."""
    change.diff = [] if not change.before else [
        (name, change.before.get(name), value) for name, value in change.after.items()
        if change.before.get(name) != value]
    return change


@council_staff_required
@require_GET
def duty_rates(request: HttpRequest) -> HttpResponse:
    country = (request.GET.get("country") or "").strip().upper()[:2]
    rates = landed_selectors.duty_rates_list(country=country)
    countries = landed_selectors.duty_rate_countries()
    return render(request, "council/duty_rates.html", {
        "council_section": "duty_rates", "rates": rates, "country": country,
        "countries": [(code, country_name(code)) for code in countries],
        "history": [_with_diff(change) for change in landed_selectors.duty_rate_history(limit=HISTORY_SIZE)],
    })


@council_staff_required
@require_http_methods(["GET", "POST"])
def duty_rate_edit(request: HttpRequest, rate_id: int) -> HttpResponse:
    rate = get_object_or_404(DutyRate, pk=rate_id)
    error = None
    values = {name: getattr(rate, name) for name in FIELDS}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in FIELDS}
        try:
            duty_services.duty_rate_update(rate_id=rate.pk, user=request.user, values=values)
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Duty rate saved."))
            return redirect("council:duty_rates")
    return render(request, "council/duty_rate_edit.html", {
        "council_section": "duty_rates", "rate": rate, "values": values, "error": error,
        "confidences": DutyRate.Confidence.choices, "bases": DutyRate.Base.choices,
        "scopes": DutyRate.DeMinimisScope.choices, "country_label": country_name(rate.country),
    }, status=400 if error else 200)


urlpatterns = [
    path("", duty_rates, name="duty_rates"),
    path("<int:rate_id>/", duty_rate_edit, name="duty_rate_edit"),
]
