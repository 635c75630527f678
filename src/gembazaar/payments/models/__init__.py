"""The payments app's models, one module per part of the money flow:

- payment.py  — a checkout's Payment, its append-only ledger (PaymentEntry) and refunds (Refund)
- payouts.py  — what the marketplace owes each seller: the seller ledger and payouts
- invoices.py — invoices and their gap-free per-seller numbers
- disputes.py — trade assurance disputes, their messages, offers and decisions

Import from `gembazaar.payments.models`; each module lists what it exports in `__all__`.
"""

from .disputes import *  # noqa: F403
from .invoices import *  # noqa: F403
from .payment import *  # noqa: F403
from .payouts import *  # noqa: F403
