"""Council staff's payouts (`/council/payouts…`), with a staff session: sellers with balances, one
seller's ledger, payouts requested (at most what is available), sent with the bank's reference or
cancelled, the seller's commission and staff corrections. Writes take an `Idempotency-Key`.
Buyers and sellers are 403, strangers 401.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import Field, Header, Path, Query, Router, Schema, Status

from gembazaar.accounts.api_auth import CouncilSessionAuth
from gembazaar.core.api import PageOut, PageQuery, paginate
from gembazaar.orders.api_common import errors
from gembazaar.sellers.models import Seller

from . import payout_selectors, payouts, services
from .payout_schemas import (
    BalanceOut,
    CommissionIn,
    CorrectionIn,
    EntryOut,
    EntryPageOut,
    PayoutRequestIn,
    PayoutSentIn,
    StaffPayoutOut,
    balance_out,
)

router = Router(tags=["payouts"], auth=CouncilSessionAuth())
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]  # beyond a BIGINT the database would fail, not answer
IdempotencyKey = Header(..., alias="Idempotency-Key", max_length=255)


class SellerBalanceOut(Schema):
    seller_id: int
    trade_name: str
    city: str
    balance: BalanceOut


class SellerBalancePageOut(PageOut):
    items: list[SellerBalanceOut]


class StaffPayoutPageOut(PageOut):
    items: list[StaffPayoutOut]


class PayoutFilter(Schema):
    status: str = Field("", description="requested, sent or cancelled; empty for all.")


def _seller(seller_id: int) -> Seller:
    return Seller.objects.get(pk=seller_id)


def _balance(seller: Seller) -> dict:
    return balance_out(payout_selectors.seller_balance(seller=seller),
                       commission_percent=payout_selectors.commission_percent_for(seller=seller))


@router.get("/council/payouts/sellers", response={200: SellerBalancePageOut, **errors(401, 403, 422)},
            operation_id="council_payout_sellers", summary="Sellers with a payout ledger, and their balances")
def council_payout_sellers(request: HttpRequest, pages: Query[PageQuery]):
    page = paginate(request, payout_selectors.sellers_with_ledgers(), page=pages.page, page_size=pages.page_size)
    balances = payout_selectors.balances_for(page["items"])
    commissions = payout_selectors.commission_percents_for(page["items"])
    page["items"] = [{"seller_id": seller.pk, "trade_name": seller.trade_name, "city": seller.city,
                      "balance": balance_out(balances[seller.pk], commission_percent=commissions[seller.pk])}
                     for seller in page["items"]]
    return page


@router.get("/council/payouts/sellers/{seller_id}", response={200: BalanceOut, **errors(401, 403, 404, 422)},
            operation_id="council_payout_seller_balance", summary="One seller's balance")
def council_payout_seller_balance(request: HttpRequest, seller_id: Path[Id]):
    return _balance(_seller(seller_id))


@router.get("/council/payouts/sellers/{seller_id}/ledger", response={200: EntryPageOut, **errors(401, 403, 404, 422)},
            operation_id="council_payout_seller_ledger", summary="One seller's payout ledger")
def council_payout_seller_ledger(request: HttpRequest, seller_id: Path[Id], pages: Query[PageQuery]):
    entries = payout_selectors.seller_entries(seller=_seller(seller_id))
    return paginate(request, entries, page=pages.page, page_size=pages.page_size)


@router.get("/council/payouts", response={200: StaffPayoutPageOut, **errors(401, 403, 422)},
            operation_id="council_payouts_list", summary="Payouts, newest first")
def council_payouts_list(request: HttpRequest, filters: Query[PayoutFilter], pages: Query[PageQuery]):
    return paginate(request, payout_selectors.payouts_for_staff(status=filters.status), page=pages.page,
                    page_size=pages.page_size)


@router.post("/council/payouts/sellers/{seller_id}/payouts",
             response={201: StaffPayoutOut, **errors(400, 401, 403, 404, 409, 422)},
             operation_id="council_payout_request", summary="Request a payout (idempotent)")
def council_payout_request(request: HttpRequest, response: HttpResponse, seller_id: Path[Id],
                           payload: PayoutRequestIn, idempotency_key: str = IdempotencyKey):
    """At most what the seller has available (400 `payout_exceeds_available` naming `amount`);
    never held money. The same `Idempotency-Key` again returns the first payout
    (`Idempotent-Replayed: true`); with another amount or seller, 409."""
    key = services.clean_key(idempotency_key, required=True)
    seller = _seller(seller_id)
    existed = payout_selectors.payout_with_key_exists(idempotency_key=f"api:{key}")
    payout = payouts.payout_request(seller=seller, amount=payload.amount, actor=request.user, note=payload.note,
                                    idempotency_key=f"api:{key}")
    if existed:
        response["Idempotent-Replayed"] = "true"
    return Status(201, payout)


@router.post("/council/payouts/{payout_id}/sent",
             response={200: StaffPayoutOut, **errors(400, 401, 403, 404, 409, 422)},
             operation_id="council_payout_sent", summary="Mark a payout sent, with the bank's reference")
def council_payout_sent(request: HttpRequest, payout_id: Path[Id], payload: PayoutSentIn,
                        idempotency_key: str = IdempotencyKey):
    """The bank reference is required (400 naming `bank_reference`). Sending again with the same
    reference changes nothing; another reference is a 409; a cancelled payout is a 400. The
    seller's members are emailed, each in their language."""
    services.clean_key(idempotency_key, required=True)  # the same reference makes a retry harmless
    return payouts.payout_mark_sent(payout=payout_selectors.payout_get_for_staff(payout_id=payout_id),
                                    actor=request.user, bank_reference=payload.bank_reference)


@router.post("/council/payouts/{payout_id}/cancel", response={200: StaffPayoutOut, **errors(400, 401, 403, 404, 422)},
             operation_id="council_payout_cancel", summary="Cancel a requested payout")
def council_payout_cancel(request: HttpRequest, payout_id: Path[Id], idempotency_key: str = IdempotencyKey):
    """Its money is available again. Cancelling twice changes nothing; a sent payout is a 400."""
    services.clean_key(idempotency_key, required=True)
    return payouts.payout_cancel(payout=payout_selectors.payout_get_for_staff(payout_id=payout_id),
                                 actor=request.user)


@router.put("/council/payouts/sellers/{seller_id}/commission",
            response={200: BalanceOut, **errors(400, 401, 403, 404, 422)},
            operation_id="council_payout_commission_set", summary="Set a seller's commission")
def council_payout_commission_set(request: HttpRequest, seller_id: Path[Id], payload: CommissionIn):
    """0 to 100 with at most 2 decimals (400 naming `commission_percent`); null returns to the
    marketplace's default. Applies to orders paid from now on. Idempotent by nature (PUT)."""
    seller = _seller(seller_id)
    payouts.payout_commission_set(seller=seller, percent=payload.commission_percent, actor=request.user)
    return _balance(seller)


@router.post("/council/payouts/sellers/{seller_id}/corrections",
             response={201: EntryOut, **errors(400, 401, 403, 404, 409, 422)},
             operation_id="council_payout_correction", summary="Correct a seller's ledger (idempotent)")
def council_payout_correction(request: HttpRequest, seller_id: Path[Id], payload: CorrectionIn,
                              idempotency_key: str = IdempotencyKey):
    """A signed amount with the reason, available at once. The same key again records once."""
    key = services.clean_key(idempotency_key, required=True)
    entry = payouts.payout_correction_record(seller=_seller(seller_id), amount=payload.amount, actor=request.user,
                                             note=payload.note, idempotency_key=f"api:{key}")
    return Status(201, entry)
