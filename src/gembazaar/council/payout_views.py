"""The council console's payouts: sellers with what they are owed, one seller's ledger with the
forms to request a payout (at most what is available), mark one sent with the bank's reference or
cancel it, set the seller's commission and correct the ledger.

Staff only (council_staff_required). Reads through payments.payout_selectors, writes through
payments.payouts.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gembazaar.accounts.permissions import council_staff_required
from gembazaar.core.errors import DomainError
from gembazaar.core.money import quantize
from gembazaar.payments import payout_selectors, payouts
from gembazaar.payments.models import Payout
from gembazaar.sellers.models import Seller

from .payout_forms import CommissionForm, CorrectionForm, PayoutRequestForm, PayoutSentForm

PAGE_SIZE = 50
BIGINT = 2**63  # an id beyond it would make the database fail, not answer


@council_staff_required
@require_GET
def payout_sellers(request: HttpRequest) -> HttpResponse:
    """Sellers with a payout ledger and their balances; payouts waiting to be sent."""
    page = Paginator(payout_selectors.sellers_with_ledgers(), PAGE_SIZE).get_page(request.GET.get("page"))
    balances = payout_selectors.balances_for(page.object_list)
    rows = [(seller, balances[seller.pk]) for seller in page.object_list]
    return render(request, "council/payouts.html", {
        "page": page, "rows": rows, "waiting": payout_selectors.payouts_for_staff(status="requested")[:50],
        "currency": payout_selectors.payout_currency(), "council_section": "payouts"})


def _seller(seller_id: int) -> Seller:
    if seller_id >= BIGINT:
        raise Http404
    try:
        return Seller.objects.get(pk=seller_id)
    except Seller.DoesNotExist:
        raise Http404(_("No such seller.")) from None


def _payout(payout_id: int) -> Payout:
    if payout_id >= BIGINT:
        raise Http404
    try:
        return payout_selectors.payout_get_for_staff(payout_id=payout_id)
    except Payout.DoesNotExist:
        raise Http404(_("No such payout.")) from None


def _seller_page(request: HttpRequest, seller: Seller, *, request_form=None, commission_form=None,
                 correction_form=None, sent_errors=None, status: int = 200) -> HttpResponse:
    override = payout_selectors.commission_override(seller=seller)
    page = Paginator(payout_selectors.seller_entries(seller=seller).reverse(), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "council/payout_seller.html", {
        "seller": seller, "balance": payout_selectors.seller_balance(seller=seller), "page": page,
        "payouts": payout_selectors.payouts_for_seller(seller=seller)[:50],
        "commission_percent": payout_selectors.commission_percent_for(seller=seller),
        "default_percent": payout_selectors.default_commission_percent(), "override": override,
        "request_form": request_form or PayoutRequestForm(),
        "commission_form": commission_form or CommissionForm(initial={"commission_percent": override or ""}),
        "correction_form": correction_form or CorrectionForm(), "sent_form": PayoutSentForm(),
        "sent_errors": sent_errors or {}, "council_section": "payouts"}, status=status)


@council_staff_required
@require_GET
def payout_seller(request: HttpRequest, seller_id: int) -> HttpResponse:
    return _seller_page(request, _seller(seller_id))


@council_staff_required
@require_POST
def payout_request(request: HttpRequest, seller_id: int) -> HttpResponse:
    seller = _seller(seller_id)
    form = PayoutRequestForm(request.POST)
    if not form.is_valid():
        return _seller_page(request, seller, request_form=form, status=400)
    data = form.cleaned_data
    try:
        payout = payouts.payout_request(seller=seller, amount=data["amount"], actor=request.user, note=data["note"],
                                        idempotency_key=f"web:{data['idempotency_key']}")
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return _seller_page(request, seller, request_form=form, status=exc.status)
    messages.success(request, _("Payout no. %(number)s of %(amount)s %(currency)s requested: send the transfer, "
                                "then mark it sent with the bank's reference.")
                     % {"number": payout.pk, "amount": quantize(payout.amount, payout.currency),
                        "currency": payout.currency})
    return redirect("council:payout_seller", seller_id=seller.pk)


@council_staff_required
@require_POST
def payout_sent(request: HttpRequest, payout_id: int) -> HttpResponse:
    payout = _payout(payout_id)
    form = PayoutSentForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(form.errors["bank_reference"][0], code="required", field="bank_reference")
        payouts.payout_mark_sent(payout=payout, actor=request.user, bank_reference=form.cleaned_data["bank_reference"])
    except DomainError as exc:
        return _seller_page(request, payout.seller, sent_errors={payout.pk: exc.message}, status=exc.status)
    messages.success(request, _("Payout no. %(number)s marked sent; the seller is emailed.") % {"number": payout.pk})
    return redirect("council:payout_seller", seller_id=payout.seller_id)


@council_staff_required
@require_POST
def payout_cancel(request: HttpRequest, payout_id: int) -> HttpResponse:
    payout = _payout(payout_id)
    try:
        payouts.payout_cancel(payout=payout, actor=request.user)
    except DomainError as exc:
        return _seller_page(request, payout.seller, sent_errors={payout.pk: exc.message}, status=exc.status)
    messages.success(request, _("Payout no. %(number)s cancelled: its money is available again.")
                     % {"number": payout.pk})
    return redirect("council:payout_seller", seller_id=payout.seller_id)


@council_staff_required
@require_POST
def payout_commission(request: HttpRequest, seller_id: int) -> HttpResponse:
    seller = _seller(seller_id)
    form = CommissionForm(request.POST)
    if not form.is_valid():
        return _seller_page(request, seller, commission_form=form, status=400)
    try:
        payouts.payout_commission_set(seller=seller, percent=form.cleaned_data["commission_percent"],
                                      actor=request.user)
    except DomainError as exc:
        form.add_error("commission_percent", exc.message)
        return _seller_page(request, seller, commission_form=form, status=exc.status)
    messages.success(request, _("Commission saved. It applies to orders paid from now on."))
    return redirect("council:payout_seller", seller_id=seller.pk)


@council_staff_required
@require_POST
def payout_correction(request: HttpRequest, seller_id: int) -> HttpResponse:
    seller = _seller(seller_id)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        return _seller_page(request, seller, correction_form=form, status=400)
    data = form.cleaned_data
    try:
        payouts.payout_correction_record(seller=seller, amount=data["correction_amount"], actor=request.user,
                                         note=data["correction_note"],
                                         idempotency_key=f"web-correction:{data['correction_key']}")
    except DomainError as exc:
        field = f"correction_{exc.field}" if exc.field in ("amount", "note") else None
        form.add_error(field, exc.message)
        return _seller_page(request, seller, correction_form=form, status=exc.status)
    messages.success(request, _("Correction recorded in the seller's ledger."))
    return redirect("council:payout_seller", seller_id=seller.pk)
