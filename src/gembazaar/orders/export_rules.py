"""Export rules the order itself must obey before it leaves Pakistan.

A rough natural diamond crosses a border only with a Kimberley Process certificate: an order with
such a line and no certificate number in its snapshot cannot be marked shipped. The rule lives in
orders (the status machine enforces it); payments' export checks reuse it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from gembazaar.core.errors import DomainError

# HS codes of rough diamonds (7102.10 unsorted, 7102.21 industrial rough, 7102.31 non-industrial rough).
ROUGH_DIAMOND_HS = frozenset({"7102.10", "7102.21", "7102.31"})
UNCUT_SHAPES = frozenset({"rough", "specimen"})


def is_rough_diamond(*, hs_code: str, spec: dict) -> bool:
    """By its tariff code, or by its spec (a natural diamond with no cut)."""
    if (hs_code or "").strip() in ROUGH_DIAMOND_HS:
        return True
    spec = spec or {}
    return spec.get("species") == "diamond" and spec.get("nature", "natural") == "natural" \
        and spec.get("shape") in UNCUT_SHAPES


def lines_missing_kp_certificate(order) -> list:
    """The order's rough-diamond lines whose snapshot carries no Kimberley Process certificate."""
    return [line for line in order.lines.all()
            if is_rough_diamond(hs_code=line.hs_code, spec=line.spec)
            and not str((line.spec or {}).get("kp_certificate") or "").strip()]


def require_kp_certificates(order) -> None:
    """Refuse shipping (DomainError `kp_certificate_required`, field `kp_certificate`) while a rough
    diamond of the order has no Kimberley Process certificate number."""
    if lines_missing_kp_certificate(order):
        raise DomainError(_("A rough diamond ships only with a Kimberley Process certificate: this order has "
                            "none recorded, so it cannot be marked shipped."),
                          code="kp_certificate_required", field="kp_certificate")
