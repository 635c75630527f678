"""The demo sellers' returns policies: varied as the trade's are, and some left unset so the
marketplace minimum shows too.

Gem dealers take stones back in their packet with the report, checked against it; gold houses
that price from the day's rate often sell as final; makers of bridal sets refuse made-to-order work.
"""

from __future__ import annotations

from collections.abc import Sequence

from gembazaar.sellers import services
from gembazaar.sellers.models import ReturnsPolicy, Seller


def _policy(window_days: int, paid_by: str, conditions: tuple[str, ...], refund_method: str = "original",
            refund_days: int = 7, note: str = "", accepts_returns: bool = True) -> dict:
    return {"accepts_returns": accepts_returns, "window_days": window_days, "conditions": list(conditions),
            "return_shipping_paid_by": paid_by, "refund_method": refund_method, "refund_days": refund_days,
            "note": note}


# Sellers not named here have no policy: buyers see the marketplace minimum.
POLICIES: dict[str, dict] = {
    "namak-mandi-gem-house": _policy(
        14, "buyer", ("original_packaging", "stone_untouched", "report_match", "lots_whole"), "bank_transfer", 10,
        "Lapis rough by the kilo is sold as seen."),
    "swat-emerald-house": _policy(
        30, "seller", ("original_packaging", "stone_untouched", "report_match"),
        note="Every emerald leaves with its report; we check the report number when it comes back."),
    "fizagat-emerald-traders": _policy(14, "buyer", ("stone_untouched", "lots_whole"), "bank_transfer"),
    "hunza-ruby-traders": _policy(7, "buyer", ("contact_first", "stone_untouched", "insured_return"),
                                  refund_days=14),
    "islamabad-gem-gallery": _policy(14, "seller", ("original_packaging", "report_match", "contact_first")),
    "quetta-lapis-traders": _policy(0, "buyer", (), accepts_returns=False,
                                    note="Beads and rough by the kilo: sold as seen, photographs on request."),
    "anarkali-jewellers": _policy(
        7, "buyer", ("unworn", "original_packaging", "no_custom", "no_sized_rings", "no_engraved"), "exchange",
        note="Bridal sets are made to order and cannot be returned."),
    "sarafa-lahore-gold-house": _policy(
        0, "buyer", (), accepts_returns=False,
        note="Gold is priced at the day's rate, so every sale is final; we buy back at the day's rate."),
    "saddar-gold-palace": _policy(10, "buyer", ("unworn", "no_custom", "no_sized_rings", "insured_return"),
                                  refund_days=10),
    "clifton-diamond-gold": _policy(
        30, "seller", ("unworn", "original_packaging", "report_match", "no_engraved", "insured_return"),
        refund_days=5),
}


def ensure_returns_policies(sellers: Sequence[Seller]) -> int:
    """Give the demo sellers named in POLICIES their policy, through the service; a seller that already
    has one keeps it. Returns how many were set."""
    has_one = set(ReturnsPolicy.objects.filter(seller__in=sellers).values_list("seller_id", flat=True))
    count = 0
    for seller in sellers:
        policy = POLICIES.get(seller.slug)
        if policy is not None and seller.pk not in has_one:
            services.returns_policy_set(seller=seller, actor=None, **policy)
            count += 1
    return count
