"""Where the council's member businesses trade (shared/DOMAIN.md §2): vocabulary, like localities.

The stored value is the city's English name (it is also what search indexes); people read the
label in their own language. A city typed under "Other city…" is the seller's own data and is
shown as written.
"""

from django.utils.translation import gettext_lazy as _

TRADE_CITY_LABELS = {
    "Lahore": _("Lahore"),
    "Peshawar": _("Peshawar"),
    "Karachi": _("Karachi"),
    "Rawalpindi": _("Rawalpindi"),
    "Islamabad": _("Islamabad"),
    "Quetta": _("Quetta"),
    "Gilgit": _("Gilgit"),
    "Mingora": _("Mingora"),
    "Faisalabad": _("Faisalabad"),
    "Multan": _("Multan"),
}
TRADE_CITIES = tuple(TRADE_CITY_LABELS)


def city_label(city: str) -> str:
    """The city in the reader's language when it is a trade city, else as the seller wrote it."""
    label = TRADE_CITY_LABELS.get(city)
    return str(label) if label is not None else city
