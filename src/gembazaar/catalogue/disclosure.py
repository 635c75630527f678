"""What a stone is called wherever it is offered for sale: its disclosed name and title.

CIBJO and the FTC Guides (16 CFR 23.23–23.25) want the qualifier — synthetic, imitation,
composite — immediately before the name and as plain as the name, wherever the stone is described
for sale: the card, the listing page, the cart, the checkout, the order, its emails, the API and
the feeds. Every one of them asks here, from codes, so they all say the same words, in the
reader's language (an order keeps codes in its snapshot and is named when it is read).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from . import vocab

# Names that stay capitalised inside a phrase ("synthetic Paraíba tourmaline").
_PROPER_NAMES = frozenset({"paraiba"})


def _inline(label: str, code: str) -> str:
    """A name as it reads after a qualifier: "Ruby" → "ruby" (scripts without case are unchanged)."""
    if code in _PROPER_NAMES or not label:
        return label
    return label[0].lower() + label[1:]


def _term_label(code: str) -> str:
    term = vocab.VARIETIES_BY_CODE.get(code) or vocab.SPECIES_BY_CODE.get(code)
    return str(term.label) if term else code


def is_lead_glass_composite(*, species: str, treatments: str) -> bool:
    """Corundum of any colour whose fractures are filled with (lead) glass: CIBJO calls it a
    composite, never a treated ruby or sapphire (validation refuses it as natural)."""
    return species == "corundum" and "F" in treatments.split(",")


def stone_name(*, species: str, variety: str = "", nature: str = vocab.NATURAL, imitates: str = "",
               treatments: str = "") -> str:
    """The full name of a stone: "Ruby", "Synthetic ruby", "Imitation ruby (glass)",
    "Composite ruby (lead-glass filled)". A place name is never part of it (origin is its own field).
    """
    own = variety or species
    if nature == vocab.SYNTHETIC:
        return _("Synthetic %(stone)s") % {"stone": _inline(_term_label(own), own)}
    if nature == vocab.IMITATION:
        imitated = imitates or own
        if imitates and species:
            return _("Imitation %(stone)s (%(material)s)") % {
                "stone": _inline(_term_label(imitated), imitated), "material": _inline(_term_label(species), species)}
        return _("Imitation %(stone)s") % {"stone": _inline(_term_label(imitated), imitated)}
    if nature == vocab.COMPOSITE:
        if is_lead_glass_composite(species=species, treatments=treatments):
            return _("Composite %(stone)s (lead-glass filled)") % {"stone": _inline(_term_label(own), own)}
        return _("Composite %(stone)s") % {"stone": _inline(_term_label(own), own)}
    return _term_label(own)


def _qualifier(nature: str) -> str:
    """The word that goes before a title that does not say what the stone is."""
    return {
        vocab.SYNTHETIC: pgettext("before a stone's title", "Synthetic"),
        vocab.IMITATION: pgettext("before a stone's title", "Imitation"),
        vocab.COMPOSITE: pgettext("before a stone's title", "Composite"),
    }.get(nature, "")


# Words that already tell a reader the stone is not natural, per nature (English, which sellers
# mostly write in; the qualifier in the reader's language is checked too).
_SAYS_SO = {
    vocab.SYNTHETIC: r"synthetic|lab(?:oratory)?[- ]?(?:grown|created)|created|man[- ]made|cvd|hpht|hydrothermal"
                     r"|flux[- ]grown|flame[- ]fusion|verneuil",
    vocab.IMITATION: r"imitation|simulant|simulated|faux|fake|glass|plastic|resin|cubic zirconia",
    vocab.COMPOSITE: r"composite|assembled|doublet|triplet|glass[- ]filled|lead[- ]glass",
}


@lru_cache(maxsize=64)
def _says_so(nature: str, language: str | None) -> re.Pattern:
    words = _SAYS_SO[nature] + "|" + re.escape(_qualifier(nature).casefold())
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def qualified_title(title: str, *, nature: str) -> str:
    """A seller's title as buyers see it: "Ruby 2.05 ct oval" of a synthetic reads
    "Synthetic Ruby 2.05 ct oval"; a title that already says so is left as written."""
    if nature not in _SAYS_SO or _says_so(nature, get_language()).search(title.casefold()):
        return title
    return _("%(qualifier)s %(title)s") % {"qualifier": _qualifier(nature), "title": title}


@dataclass(frozen=True)
class Disclosure:
    """Everything a buyer must be told about a stone at the moment of buying."""

    name: str
    nature: str
    nature_label: str
    treatments: tuple[vocab.Treatment, ...]
    imitates: str = ""

    @property
    def is_natural(self) -> bool:
        return self.nature == vocab.NATURAL

    @property
    def treatment_summary(self) -> str:
        """"Heating (H), Filling (F)" or "Not enhanced (N)": the codes with their names."""
        return ", ".join(f"{term.label} ({term.code})" for term in self.treatments)

    @property
    def care(self) -> list[str]:
        return [str(term.care) for term in self.treatments if term.care]

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "nature": {"code": self.nature, "label": self.nature_label},
            "imitates": ({"code": self.imitates, "label": _term_label(self.imitates)} if self.imitates else None),
            "treatments": [{"code": t.code, "label": str(t.label), "must_disclose": t.must_disclose,
                            "care": str(t.care)} for t in self.treatments],
        }


def disclosure_of(spec: Mapping | object) -> Disclosure:
    """The disclosure of a GemSpec, or of the spec snapshot an order line keeps (a dict of codes)."""
    read = spec.get if isinstance(spec, Mapping) else (lambda field, default="": getattr(spec, field, default))
    species, variety = read("species", "") or "", read("variety", "") or ""
    nature, imitates = read("nature", "") or vocab.NATURAL, read("imitates", "") or ""
    treatments = read("treatments", "") or ""
    if not isinstance(treatments, str):  # a snapshot may hold a list of codes
        treatments = ",".join(treatments)
    natures = vocab.by_code(vocab.NATURES)
    return Disclosure(
        name=stone_name(species=species, variety=variety, nature=nature, imitates=imitates, treatments=treatments),
        nature=nature,
        nature_label=str(natures[nature].label) if nature in natures else nature,
        treatments=tuple(vocab.TREATMENTS_BY_CODE[c] for c in treatments.split(",") if c in vocab.TREATMENTS_BY_CODE),
        imitates=imitates,
    )
