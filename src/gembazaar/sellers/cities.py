"""Where the council's member businesses trade (shared/DOMAIN.md §2)."""

TRADE_CITIES = (
    "Lahore", "Peshawar", "Karachi", "Rawalpindi", "Islamabad", "Quetta", "Gilgit", "Mingora",
    "Faisalabad", "Multan",
)
