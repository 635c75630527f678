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
    (S.AWAITING_PAYMENT, S.CANCELLED): frozenset({BUYER, SELLER, STAFF, SYSTEM}),
    (S.PAID, S.PROCESSING): frozenset({SELLER, STAFF}),
    (S.PAID, S.CANCELLED): frozenset({SELLER, STAFF}),
    (S.PAID, S.REFUND_REQUESTED): frozenset({BUYER}),
    (S.PROCESSING, S.SHIPPED): frozenset({SELLER, STAFF}),
    (S.PROCESSING, S.CANCELLED): frozenset({SELLER, STAFF}),
    (S.PROCESSING, S.REFUND_REQUESTED): frozenset({BUYER}),
    (S.SHIPPED, S.DELIVERED): frozenset({BUYER, STAFF, SYSTEM}),
    (S.SHIPPED, S.DISPUTED): frozenset({BUYER, STAFF}),
    (S.DELIVERED, S.COMPLETED): frozenset({BUYER, STAFF, SYSTEM}),
    (S.DELIVERED, S.REFUND_REQUESTED): frozenset({BUYER}),
    (S.DELIVERED, S.DISPUTED): frozenset({BUYER, STAFF}),
    (S.REFUND_REQUESTED, S.REFUNDED): frozenset({SELLER, STAFF}),
    (S.REFUND_REQUESTED, S.DISPUTED): frozenset({BUYER, STAFF}),
    (S.DISPUTED, S.REFUNDED): frozenset({STAFF}),
    (S.DISPUTED, S.COMPLETED): frozenset({STAFF}),
}

# Moves that need a note (a reason): who cancels after the buyer paid, and every refund request.
REASON_REQUIRED = {(S.CANCELLED, SELLER), (S.CANCELLED, STAFF), (S.REFUND_REQUESTED, BUYER), (S.DISPUTED, BUYER)}


def can_transition(*, from_status: str, to_status: str, role: str) -> bool:
    """True when the table allows the move for `role`; council staff may make any move in the table."""
    if (from_status, to_status) not in TRANSITIONS:
        return False
    return role == STAFF or role in TRANSITIONS[(from_status, to_status)]
