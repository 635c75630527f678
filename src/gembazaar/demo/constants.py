"""Fixed demo values. They are stated here once so the data, the docs and the tests agree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gembazaar.catalogue import vocab

# One password for every demo account (documented in the README and printed by the command).
DEMO_PASSWORD = "gembazaar-demo"  # noqa: S105 - a published demo password, not a secret
DEMO_EMAIL_DOMAIN = "gembazaar.local"

# Listings are dated back from the start of the day of seeding (UTC), not from "now": the demo always
# looks current, and a seed yields the same data all day long (the content never depends on the date).
DEMO_BASE_DATETIME = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
PUBLISHED_WITHIN_DAYS = 90

# Demo metal rates (indicative, not quotes): a Sarafa-style 24K rate per tola and silver/platinum rates.
GOLD_24K_PKR_PER_TOLA = Decimal("430000")
SILVER_999_PKR_PER_TOLA = Decimal("5200")
PLATINUM_PKR_PER_GRAM = Decimal("11500")

PKR_PER_GRAM_PURE = {
    vocab.GOLD: GOLD_24K_PKR_PER_TOLA / vocab.GRAMS_PER_TOLA,
    vocab.SILVER: SILVER_999_PKR_PER_TOLA / vocab.GRAMS_PER_TOLA,
    vocab.PLATINUM: PLATINUM_PKR_PER_GRAM,
}

DEFAULT_LISTINGS = 2000
DEFAULT_SEED = 42
BATCH_SIZE = 2000
