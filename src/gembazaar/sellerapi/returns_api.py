"""The seller's returns policy through the API (`/api/v1/seller/returns-policy`), with the seller API key.

There is no seller id anywhere in the path or the body: the key names the seller, so one seller
can never read or change another's policy. Handlers stay thin: sellers.services writes.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from gembazaar.core.api import ValidationErrorOut
from gembazaar.sellers import services
from gembazaar.sellers.api_auth import KEY_ERRORS, SellerApiKeyAuth
from gembazaar.sellers.returns import (
    MAX_WINDOW_DAYS,
    NOTE_MAX_LENGTH,
    REFUND_DAYS_RANGE,
    SELLER_CONDITION_CODES,
    SELLER_CONDITIONS,
    RefundMethod,
    ReturnShippingPayer,
    ReturnsTerms,
)
from gembazaar.sellers.schemas import ReturnsPolicyOut

router = Router(tags=["seller"], auth=SellerApiKeyAuth())

ConditionCode = Literal[tuple(SELLER_CONDITION_CODES)]


class ReturnsPolicyIn(Schema):
    """The whole policy (PUT replaces it). Unknown fields are refused (422), a seller id among them."""

    model_config = ConfigDict(extra="forbid")

    accepts_returns: bool = Field(description="Returns for any reason (a change of mind) within `window_days`. "
                                              "false: only the buyer protection applies.")
    window_days: int = Field(0, ge=0, le=MAX_WINDOW_DAYS, examples=[14],
                             description="Days after delivery, 1 to 90 when returns are accepted (0 otherwise).")
    conditions: list[ConditionCode] = Field(default_factory=list, max_length=len(SELLER_CONDITION_CODES),
                                            description="Codes (see `GET /seller/returns-policy/conditions`); "
                                                        "ignored when returns are not accepted.")
    return_shipping_paid_by: Literal[tuple(ReturnShippingPayer.values)] = Field(examples=["buyer"])
    refund_method: Literal[tuple(RefundMethod.values)] = Field(RefundMethod.ORIGINAL, examples=["original"])
    refund_days: int = Field(7, ge=REFUND_DAYS_RANGE[0], le=REFUND_DAYS_RANGE[1], examples=[7],
                             description="The refund is made within this many days of receiving the return.")
    note: str = Field("", max_length=NOTE_MAX_LENGTH,
                      description="Your own words, shown to buyers as written (not translated).")


class ReturnsConditionOut(Schema):
    code: str
    label: str = Field(description="In the request's language.")


class ReturnsConditionsOut(Schema):
    conditions: list[ReturnsConditionOut]


def _terms(request: HttpRequest) -> ReturnsTerms:
    return request.seller.returns_terms


@router.get("/seller/returns-policy", response={200: ReturnsPolicyOut, **KEY_ERRORS},
            operation_id="seller_returns_policy_get", summary="Your returns policy")
def seller_returns_policy_get(request: HttpRequest):
    """Your returns policy as buyers read it; `marketplace_minimum: true` while you have set none."""
    return _terms(request)


@router.put("/seller/returns-policy", response={200: ReturnsPolicyOut, **KEY_ERRORS, 422: ValidationErrorOut},
            operation_id="seller_returns_policy_set", summary="Set your returns policy")
def seller_returns_policy_set(request: HttpRequest, payload: ReturnsPolicyIn):
    """Creates or replaces your policy. A broken rule (a window outside 1–90 days while accepting
    returns, an unknown condition, a refund time outside 1–30 days, a note over 500 characters)
    is 422 naming the field, and nothing is written."""
    services.returns_policy_set(seller=request.seller, actor=None, **payload.dict())
    return _terms(request)


@router.delete("/seller/returns-policy", response={200: ReturnsPolicyOut, **KEY_ERRORS},
               operation_id="seller_returns_policy_delete", summary="Remove your returns policy")
def seller_returns_policy_delete(request: HttpRequest):
    """The marketplace minimum applies again. Removing a policy you did not set changes nothing (200)."""
    services.returns_policy_clear(seller=request.seller)
    return _terms(request)


@router.get("/seller/returns-policy/conditions", response={200: ReturnsConditionsOut, **KEY_ERRORS},
            operation_id="seller_returns_conditions_list", summary="Conditions a returns policy may set")
def seller_returns_conditions_list(request: HttpRequest):
    """Every condition code a policy may set, with its label in the request's language."""
    return {"conditions": [{"code": code, "label": str(label)} for code, label in SELLER_CONDITIONS]}
