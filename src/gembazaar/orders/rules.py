"""The order status machine as data: which role may move an order from which status to which.

Pure rules (no writes): services/transitions.py enforces them, selectors show the moves a person
may make, the admin and the API list them.
"""

from __future__ import annotations

from .models import Order

S = Order.Status
BUYER, SELLER, STAFF, SYSTEM = "buyer", "seller", "staff", "system"
ROLES = (BUYER, SELLER, STAFF, SYSTEM)

# (from, to) → the roles that may make that move. Anything not listed is refused.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.PLACED, S.AWAITING_PAYMENT): frozenset({SYSTEM, STAFF}),
    (S.PLACED, S.CANCELLED): frozenset({BUYER, SELLER, STAFF, SYSTEM}),
    (S.AWAITING_PAYMENT, S.PAID): frozenset({STAFF, SYSTEM}),
    (S.AWAITING_PAYMENT, S.PROCESSING): frozenset({SYSTEM}),  # cash on delivery: ships before it is paid
    (S.AWAITING_PAYMENT, S.CANCELLED): frozenset({BUYER, SELLER, STAFF, SYSTEM}),
    (S.PAID, S.PROCESSING): frozenset({SELLER, STAFF}),
    # system: the buyer's cancellation of an order not shipped in time, through transitions.order_cancel_late_shipment
    # (the deadline is checked there; the buyer's own buttons never offer it).
    (S.PAID, S.CANCELLED): frozenset({SELLER, STAFF, SYSTEM}),
    (S.PAID, S.REFUND_REQUESTED): frozenset({BUYER}),
    (S.PROCESSING, S.SHIPPED): frozenset({SELLER, STAFF}),
    (S.PROCESSING, S.CANCELLED): frozenset({SELLER, STAFF, SYSTEM}),
    (S.PROCESSING, S.REFUND_REQUESTED): frozenset({BUYER}),
    (S.SHIPPED, S.DELIVERED): frozenset({BUYER, STAFF, SYSTEM}),
    (S.SHIPPED, S.DISPUTED): frozenset({BUYER, STAFF}),
    (S.DELIVERED, S.COMPLETED): frozenset({BUYER, STAFF, SYSTEM}),
    (S.DELIVERED, S.REFUND_REQUESTED): frozenset({BUYER}),
    (S.DELIVERED, S.DISPUTED): frozenset({BUYER, STAFF}),
    (S.REFUND_REQUESTED, S.REFUNDED): frozenset({SELLER, STAFF}),
    (S.REFUND_REQUESTED, S.DISPUTED): frozenset({BUYER, STAFF}),
    (S.DISPUTED, S.REFUNDED): frozenset({STAFF, SYSTEM}),  # system: a dispute's agreement (payments.disputes)
    (S.DISPUTED, S.COMPLETED): frozenset({STAFF, SYSTEM}),
    # A withdrawn dispute puts the order back where it stood, so it can complete (payments.disputes).
    (S.DISPUTED, S.PAID): frozenset({SYSTEM}),
    (S.DISPUTED, S.PROCESSING): frozenset({SYSTEM}),
    (S.DISPUTED, S.SHIPPED): frozenset({SYSTEM}),
    (S.DISPUTED, S.DELIVERED): frozenset({SYSTEM}),
}

# Moves that need a note (a reason): who cancels after the buyer paid, and every refund request.
REASON_REQUIRED = {(S.CANCELLED, SELLER), (S.CANCELLED, STAFF), (S.REFUND_REQUESTED, BUYER), (S.DISPUTED, BUYER)}


# Moves only the marketplace makes, never a person (not even staff): an order goes to the seller
# unpaid only when the buyer chose cash on delivery.
# Nor does anyone but the dispute service put a disputed order back where it stood (a withdrawn dispute).
SYSTEM_ONLY = {(S.AWAITING_PAYMENT, S.PROCESSING), (S.DISPUTED, S.PAID), (S.DISPUTED, S.PROCESSING),
               (S.DISPUTED, S.SHIPPED), (S.DISPUTED, S.DELIVERED)}


def can_transition(*, from_status: str, to_status: str, role: str) -> bool:
    """True when the table allows the move for `role`; council staff may make any move in the
    table except the marketplace's own (SYSTEM_ONLY)."""
    move = (from_status, to_status)
    if move not in TRANSITIONS:
        return False
    if move in SYSTEM_ONLY:
        return role == SYSTEM
    return role == STAFF or role in TRANSITIONS[move]
