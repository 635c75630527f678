"""Pricing pages: the public "Today's rates" page and the council console's rate entry.

Thin: reads through selectors/web_selectors, every write through pricing.services (which
validates and applies the 50 % jump rule). A jump comes back as a confirmation page showing the
old and new values; its Confirm button posts a signed copy of exactly what was shown.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gembazaar.accounts.permissions import council_staff_required
from gembazaar.core.errors import DomainError
from gembazaar.core.money import babel_locale, format_money
from gembazaar.core.page_cache import anonymous_cacheable

from . import charts, selectors, services, units, web_selectors
from .forms import UNIT_CHOICES, FXRateForm, MetalRateForm, RatesCSVForm, currency_options

CONFIRM_SALT = "gembazaar.pricing.confirm"
CONFIRM_MAX_AGE = 60 * 60  # a confirmation page left open longer must be filled in again


# --- Public ------------------------------------------------------------------------------------

def _chart(slug: str) -> dict:
    slug, metal, fineness = web_selectors.chart_series(slug)
    language = get_language() or "en"
    try:
        history = selectors.rate_history(metal=metal, fineness=fineness, currency="PKR", unit=units.TOLA,
                                         days=web_selectors.CHART_DAYS)
    except DomainError:
        history = []
    label = web_selectors.metal_label(metal, fineness)
    points = [charts.ChartPoint(at=_iso_day(p.day), value=p.price) for p in history]
    compact, short_date = web_selectors.chart_labels(language)

    if history:
        first, last = history[0], history[-1]
        description = _("%(metal)s per tola in Pakistani rupees, the last rate of each day from %(start)s to "
                        "%(end)s: from %(first)s to %(last)s.") % {
            "metal": label, "start": short_date(_iso_day(first.day)), "end": short_date(_iso_day(last.day)),
            "first": format_money(first.price, "PKR", language), "last": format_money(last.price, "PKR", language)}
    else:
        description = _("No %(metal)s rates were published in the last %(days)d days.") % {
            "metal": label, "days": web_selectors.CHART_DAYS}
    svg = charts.line_chart(
        points, title=_("%(metal)s per tola (PKR), last %(days)d days") % {"metal": label,
                                                                          "days": web_selectors.CHART_DAYS},
        description=description, format_value=compact, format_date=short_date,
        format_last=lambda value: format_money(value, "PKR", language),
        empty_text=_("No rates in the last %(days)d days") % {"days": web_selectors.CHART_DAYS})
    return {"slug": slug, "label": label, "svg": svg, "history": list(reversed(history)),
            "series": [{"slug": s, "label": web_selectors.metal_label(m, f), "current": s == slug}
                       for s, m, f in web_selectors.CHART_SERIES]}


def _iso_day(day: str) -> date:
    return date.fromisoformat(day)


@anonymous_cacheable
@require_GET
def rates(request: HttpRequest) -> HttpResponse:
    """Today's gold and silver rates (PKR per tola and 10 g, USD per gram and troy ounce), FX rates
    and a 30-day history chart drawn on the server."""
    return render(request, "pricing/rates.html", {
        "board": web_selectors.rates_board_cached(),
        "fx_rows": web_selectors.fx_board(),
        "chart": _chart(request.GET.get("series", "")),
        "section": "rates",
    })


# --- Council console -------------------------------------------------------------------------

def _console(request: HttpRequest, *, metal_form=None, fx_form=None, csv_form=None, csv_errors=None,
             status: int = 200) -> HttpResponse:
    return render(request, "pricing/council_rates.html", {
        "metal_form": metal_form or MetalRateForm(),
        "fx_form": fx_form or FXRateForm(),
        "csv_form": csv_form or RatesCSVForm(),
        "csv_errors": csv_errors or [],
        "recent_metal": web_selectors.recent_metal_rates(),
        "recent_fx": web_selectors.recent_fx_rates(),
        "board": web_selectors.rates_board(),
        "fx_currencies": [code for code, _label in currency_options()],
        "linked_count": web_selectors.repriced_listing_count(),
        "council_section": "rates",
    }, status=status)


def _add_service_errors(form, error: ValidationError, *, rename: dict[str, str] | None = None) -> None:
    for name, field_messages in error.message_dict.items():
        name = (rename or {}).get(name, name)
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)


def _is_jump(error: ValidationError) -> bool:
    return set(error.message_dict) == {"confirm"}


def _confirm_page(request: HttpRequest, *, kind: str, payload: dict, preview, message: str,
                  rows: list | None = None) -> HttpResponse:
    return render(request, "pricing/council_confirm.html", {
        "kind": kind, "token": signing.dumps({"kind": kind, "data": payload, "nonce": uuid.uuid4().hex},
                                             salt=CONFIRM_SALT, compress=True),
        "preview": preview, "message": message, "rows": rows or [], "payload": payload,
        "unit_label": dict(UNIT_CHOICES).get(payload.get("unit"), ""),
        "linked_count": web_selectors.repriced_listing_count(),
        "council_section": "rates",
    }, status=409)


def _jump_message(preview, error: ValidationError) -> str:
    if preview is None:
        return error.message_dict["confirm"][0]
    return _("The new rate is %(change)s %% away from the last one; more than %(limit)s %% needs a second look. "
             "Check it against the published rate, then confirm.") % {
        "change": f"{preview.change_percent:+}", "limit": settings.PRICING_JUMP_CONFIRM_PERCENT}


class _AlreadyUsed(Exception):
    pass


def _unsign(request: HttpRequest, kind: str) -> dict | None:
    """The confirmed values, or None when this is not a confirmation. A confirmation is used once:
    its nonce is claimed in the cache (atomic `add`), so a double click records one rate."""
    token = request.POST.get("confirmation", "")
    if not token:
        return None
    try:
        signed = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        raise DomainError(_("This confirmation has expired or was altered. Enter the rate again."),
                          code="bad_confirmation", field="confirmation") from None
    if signed.get("kind") != kind or not signed.get("nonce"):
        raise DomainError(_("This confirmation is for another form."), code="bad_confirmation",
                          field="confirmation")
    request.pricing_confirm_key = f"pricing:confirm:{signed['nonce']}"
    if not cache.add(request.pricing_confirm_key, True, CONFIRM_MAX_AGE):
        raise _AlreadyUsed
    return signed["data"]


def _release(request: HttpRequest) -> None:
    """A confirmation that failed may be tried again."""
    key = getattr(request, "pricing_confirm_key", None)
    if key:
        cache.delete(key)


def _already_used(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("This confirmation was already used: the rate is recorded once."))
    return redirect("pricing:console")


def _bad_confirmation(request: HttpRequest, exc: DomainError) -> HttpResponse:
    messages.error(request, exc.message)
    return _console(request, status=400)


def _bound(form_class, kwargs: dict):
    """A bound, cleaned form holding confirmed values, so service errors can be shown under fields."""
    prefix = form_class().prefix
    form = form_class({f"{prefix}-{name}": "" if value is None else value for name, value in kwargs.items()})
    form.is_valid()
    return form


def _serialisable(kwargs: dict) -> dict:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in kwargs.items()}


@council_staff_required
@require_GET
def console(request: HttpRequest) -> HttpResponse:
    """Enter the day's metal and FX rates, upload a CSV, see the recent entries."""
    return _console(request)


@dataclass(frozen=True)
class _RateKind:
    """What differs between recording a metal rate and an FX rate; the flow is the same."""

    name: str  # "metal" | "fx": the confirmation's kind and the console's form slot
    form: type
    record: Callable
    preview: Callable[[dict], dict]
    recorded: Callable[[object], str]  # the success message


def _repriced(rate) -> str:
    count = getattr(rate, "repriced", 0)
    return " " + ngettext("%(count)s listing price changed.", "%(count)s listing prices changed.", count) % {
        "count": format_decimal(count, locale=babel_locale(get_language() or "en"))}


def _metal_recorded(rate) -> str:
    return _("Recorded: %(metal)s %(price)s per %(unit)s from %(source)s.") % {
        "metal": web_selectors.metal_label(rate.metal, rate.fineness),
        "price": format_money(rate.price, rate.currency, get_language() or "en"),
        "unit": units.RATE_UNIT_LABELS[rate.unit], "source": rate.source} + _repriced(rate)


def _fx_recorded(rate) -> str:
    return _("Recorded: 1 USD = %(rate)s %(currency)s from %(source)s.") % {
        "rate": rate.per_usd.normalize(), "currency": rate.currency, "source": rate.source} + _repriced(rate)


METAL = _RateKind("metal", MetalRateForm, services.record_metal_rate,
                  lambda kw: web_selectors.metal_jump_preview(
                      **{k: kw[k] for k in ("metal", "fineness", "unit", "currency", "price")}),
                  _metal_recorded)
FX = _RateKind("fx", FXRateForm, services.record_fx_rate,
               lambda kw: web_selectors.fx_jump_preview(currency=kw["currency"], per_usd=kw["per_usd"]),
               _fx_recorded)


def _record_rate(request: HttpRequest, kind: _RateKind) -> HttpResponse:
    """Record a rate from the console form, or from a signed confirmation of a big jump.

    A jump over the limit without confirmation shows the confirmation page (old and new value);
    any other error shows the console again with the errors on their fields; nothing is recorded."""
    try:
        confirmed = _unsign(request, kind.name)
    except _AlreadyUsed:
        return _already_used(request)
    except DomainError as exc:
        return _bad_confirmation(request, exc)
    form_slot = f"{kind.name}_form"
    if confirmed is not None:
        form, kwargs = kind.form(), confirmed
    else:
        form = kind.form(request.POST)
        if not form.is_valid():
            return _console(request, **{form_slot: form}, status=400)
        kwargs = _serialisable(form.service_kwargs())
    try:
        rate = kind.record(**kwargs, confirm=confirmed is not None, recorded_by=request.user)
    except ValidationError as exc:
        _release(request)
        if confirmed is None and _is_jump(exc):
            preview = kind.preview(kwargs)
            return _confirm_page(request, kind=kind.name, payload=kwargs, preview=preview,
                                 message=_jump_message(preview, exc))
        if confirmed is not None:  # the world moved since the page was shown (e.g. a field now invalid)
            form = _bound(kind.form, kwargs)
        _add_service_errors(form, exc)
        return _console(request, **{form_slot: form}, status=400)
    messages.success(request, kind.recorded(rate))
    return redirect("pricing:console")


@council_staff_required
@require_POST
def metal_rate_record(request: HttpRequest) -> HttpResponse:
    return _record_rate(request, METAL)


@council_staff_required
@require_POST
def fx_rate_record(request: HttpRequest) -> HttpResponse:
    return _record_rate(request, FX)


def _csv_jump_rows(text: str, error: ValidationError) -> list[dict]:
    """For each row the import refused as a jump: the row's values and the old rate in its unit."""
    rows = list(csv.DictReader(io.StringIO(text)))
    found = []
    for key, field_messages in error.message_dict.items():
        head, _dot, _field = key.rpartition(".")
        number = head.removeprefix("fx row ").removeprefix("row ")
        try:
            raw = {(k or "").strip().lower(): (v or "").strip() for k, v in rows[int(number) - 1].items()}
        except (ValueError, IndexError):
            raw = {}
        preview = None
        if raw and (raw.get("kind") or "metal") == "metal":
            preview = web_selectors.metal_jump_preview(
                metal=raw.get("metal", ""), fineness=raw.get("fineness", ""), unit=raw.get("unit", ""),
                currency=raw.get("currency", "").upper(), price=raw.get("price", ""))
        elif raw:
            preview = web_selectors.fx_jump_preview(currency=raw.get("currency", "").upper(),
                                                    per_usd=raw.get("price", ""))
        found.append({"row": number, "values": raw, "preview": preview, "messages": field_messages})
    return found


def _csv_error_list(error: ValidationError) -> list[dict]:
    return [{"where": key, "messages": field_messages} for key, field_messages in error.message_dict.items()]


@council_staff_required
@require_POST
def rates_csv_upload(request: HttpRequest) -> HttpResponse:
    try:
        confirmed = _unsign(request, "csv")
    except _AlreadyUsed:
        return _already_used(request)
    except DomainError as exc:
        return _bad_confirmation(request, exc)
    if confirmed is not None:
        text = confirmed["text"]
    else:
        form = RatesCSVForm(request.POST, request.FILES)
        if not form.is_valid():
            return _console(request, csv_form=form, status=400)
        text = form.cleaned_data["file"]
    try:
        report = services.import_rates_csv(text=text, recorded_by=request.user, confirm=confirmed is not None)
    except ValidationError as exc:
        _release(request)
        keys = exc.message_dict.keys()
        if confirmed is None and keys and all(key.endswith(".confirm") for key in keys):
            rows = _csv_jump_rows(text, exc)
            message = ngettext("%(count)d row is more than %(limit)s%% away from the last rate.",
                               "%(count)d rows are more than %(limit)s%% away from the last rate.",
                               len(rows)) % {"count": len(rows), "limit": _jump_limit()}
            return _confirm_page(request, kind="csv", payload={"text": text}, preview=None, message=message,
                                 rows=rows)
        return _console(request, csv_errors=_csv_error_list(exc), status=400)
    messages.success(request, _("Imported %(metal)d metal rate(s) and %(fx)d FX rate(s); %(listings)d listing "
                                "price(s) changed.") % {
        "metal": len(report.metal_rates), "fx": len(report.fx_rates), "listings": report.repriced})
    return redirect("pricing:console")


def _jump_limit() -> int:
    return settings.PRICING_JUMP_CONFIRM_PERCENT
