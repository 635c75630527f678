"""Reads for the pricing pages: the rates board, the home widget, the history chart, and a
one-query freshness check for listing cards. Built on `selectors` (the backend's reads), never
writing anything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_compact_decimal
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import get_language

from gembazaar.catalogue import vocab
from gembazaar.catalogue.models import REPRICED, Listing
from gembazaar.core.errors import DomainError
from gembazaar.core.money import babel_locale

from . import selectors, units
from .models import FXRate, MetalRate

# The series the rates page can chart: (slug, metal, fineness).
CHART_SERIES: tuple[tuple[str, str, int], ...] = (
    ("gold-24k", vocab.GOLD, 999), ("gold-22k", vocab.GOLD, 916), ("gold-21k", vocab.GOLD, 875),
    ("gold-18k", vocab.GOLD, 750), ("silver-999", vocab.SILVER, 999), ("silver-925", vocab.SILVER, 925),
)
CHART_DAYS = 30


@dataclass(frozen=True)
class BoardRow:
    """One line of the rates board: a metal and fineness, in PKR (tola, 10 g) and USD (g, troy oz)."""

    metal: str
    fineness: int
    label: str
    pkr: selectors.RateRow | None
    usd: selectors.RateRow | None

    @property
    def is_fresh(self) -> bool:
        return all(row.is_fresh for row in (self.pkr, self.usd) if row is not None)

    @property
    def effective_at(self) -> datetime | None:
        times = [row.effective_at for row in (self.pkr, self.usd) if row is not None]
        return max(times) if times else None


@dataclass(frozen=True)
class Board:
    gold: list[BoardRow]
    silver: list[BoardRow]
    updated_at: datetime | None  # the newest rate shown
    stale: bool  # no rate at all, or some rate shown is older than PRICING_STALE_AFTER_HOURS
    empty: bool
    stale_after_hours: int


def metal_label(metal: str, fineness: int) -> str:
    """"24K gold (999)", "Silver 925"."""
    name = next(str(term.label) for term in vocab.METALS if term.code == metal)
    karat = vocab.FINENESS_TO_KARAT.get(fineness) if metal == vocab.GOLD else None
    return f"{karat}K {name} ({fineness})" if karat else f"{name} {fineness}"


def rates_board() -> Board:
    """The day's gold and silver rates for the public rates page."""
    rows = []
    for metal, fineness in selectors.TODAY_ROWS:
        rows.append(BoardRow(
            metal=metal, fineness=fineness, label=metal_label(metal, fineness),
            pkr=selectors.rate_row(metal=metal, fineness=fineness, currency="PKR"),
            usd=selectors.rate_row(metal=metal, fineness=fineness, currency="USD")))
    shown = [row for row in rows if row.pkr or row.usd]
    times = [row.effective_at for row in shown]
    return Board(
        gold=[row for row in rows if row.metal == vocab.GOLD],
        silver=[row for row in rows if row.metal == vocab.SILVER],
        updated_at=max(times) if times else None,
        stale=not shown or not all(row.is_fresh for row in shown),
        empty=not shown,
        stale_after_hours=settings.PRICING_STALE_AFTER_HOURS,
    )


BOARD_CACHE_SECONDS = 60


def rates_board_cached() -> Board:
    """`rates_board()` cached for a minute per language, keyed by the newest metal and FX rate, so a
    newly recorded rate shows at once while a busy rates page costs one query instead of dozens."""
    metal = MetalRate.objects.aggregate(n=Count("id"), last=Max("id"), at=Max("recorded_at"))
    fx_last = FXRate.objects.aggregate(last=Max("id"), at=Max("recorded_at"))
    stamp = "-".join(str(v) for v in (metal["n"], metal["last"], metal["at"], fx_last["last"], fx_last["at"]))
    key = f"pricing:board:{get_language() or 'en'}:{hashlib.sha256(stamp.encode()).hexdigest()[:32]}"
    board = cache.get(key)
    if board is None:
        board = rates_board()
        cache.set(key, board, BOARD_CACHE_SECONDS)
    return board


@dataclass(frozen=True)
class WidgetLine:
    label: str
    karat: int
    price: Decimal  # per tola, PKR
    previous: Decimal | None  # the previous day's (last) rate
    previous_day: str | None
    change: Decimal | None
    change_percent: Decimal | None

    @property
    def direction(self) -> str:
        if not self.change:
            return "flat"
        return "up" if self.change > 0 else "down"


@dataclass(frozen=True)
class Widget:
    lines: list[WidgetLine]
    effective_at: datetime | None
    stale: bool


WIDGET_KARATS = ((24, 999), (22, 916))
WIDGET_ROWS = 200  # recent PKR gold rates read at once: today's and at least the previous day's


def rates_widget(*, now: datetime | None = None) -> Widget:
    """24K and 22K gold per tola in PKR with the change against the previous day that had a rate.

    One query (the home page has a query budget): the recent PKR gold rates for 999 and 916. The
    same rules as `selectors.resolve_rate` (newest wins; on a tie the exact fineness; 22K derived
    from 24K by purity) and `selectors.rate_history` (a day's last rate, its own fineness first).
    Rates held only in another currency are not converted here: the rates page shows those.
    """
    now = now or timezone.now()
    rows = list(MetalRate.objects.filter(metal=vocab.GOLD, currency="PKR", fineness__in=[f for _k, f in WIDGET_KARATS],
                                         effective_at__lte=now).order_by("-effective_at", "-id")[:WIDGET_ROWS])
    stale_before = selectors.stale_before(now)
    lines, times, fresh = [], [], True
    for karat, fineness in WIDGET_KARATS:
        usable = [row for row in rows if row.fineness in (fineness, units.PURE)]
        if not usable:
            continue
        current = max(usable, key=lambda r: (r.effective_at, r.fineness == fineness, r.pk))
        today = timezone.localdate(current.effective_at)
        earlier = [row for row in usable if timezone.localdate(row.effective_at) < today]
        previous = None
        if earlier:
            day = max(timezone.localdate(row.effective_at) for row in earlier)
            that_day = [row for row in earlier if timezone.localdate(row.effective_at) == day]
            own = [row for row in that_day if row.fineness == fineness]
            previous = max(own or that_day, key=lambda r: (r.effective_at, r.pk))

        def per_tola(row: MetalRate, fineness: int = fineness) -> Decimal:
            per_gram = units.derive_per_gram(row.price_per_gram, metal=vocab.GOLD, from_fineness=row.fineness,
                                             to_fineness=fineness)
            return units.per_unit(per_gram, units.TOLA, 2)

        price = per_tola(current)
        change = percent = old = None
        if previous is not None:
            old = per_tola(previous)
            change = price - old
            percent = (change * 100 / old).quantize(Decimal("0.01"))
        times.append(current.effective_at)
        fresh = fresh and current.effective_at >= stale_before
        previous_day = timezone.localdate(previous.effective_at).isoformat() if previous else None
        lines.append(WidgetLine(label=f"{karat}K", karat=karat, price=price, previous=old, previous_day=previous_day,
                                change=change, change_percent=percent))
    return Widget(lines=lines, effective_at=max(times) if times else None, stale=not lines or not fresh)


def repriced_listing_count() -> int:
    """How many listings a metal rate may reprice (the console's "working" message)."""
    return Listing.objects.filter(REPRICED).count()


def widget_per_gram(widget: Widget, currency: str) -> dict[int, Decimal]:
    """{karat: price per gram in `currency`} beside the widget's rupees per tola, for a buyer who
    shops in another currency (none for PKR, or when the FX rate is missing)."""
    if currency == "PKR":
        return {}
    try:
        return {line.karat: selectors.price_in_currency(line.price / units.GRAMS_PER_TOLA, "PKR", currency)
                for line in widget.lines}
    except DomainError:
        return {}


def chart_labels(language: str) -> tuple[Callable[[Decimal], str], Callable[[object], str]]:
    """How a chart labels values (compact: 245K, 2.4M) and days ("28 Nov") in `language`."""
    locale = babel_locale(language)

    def compact(value: Decimal) -> str:
        try:
            return format_compact_decimal(value, locale=locale, fraction_digits=2)
        except (ValueError, LookupError):
            return format_compact_decimal(value, locale="en", fraction_digits=2)

    def short_date(day) -> str:
        try:
            return format_date(day, "d MMM", locale=locale)
        except (ValueError, LookupError):
            return format_date(day, "d MMM", locale="en")

    return compact, short_date


def chart_series(slug: str) -> tuple[str, str, int]:
    """The chart series named by `slug`, or the first (24K gold) for anything unknown."""
    for series in CHART_SERIES:
        if series[0] == slug:
            return series
    return CHART_SERIES[0]


@dataclass(frozen=True)
class FXRow:
    currency: str
    per_usd: Decimal
    source: str
    effective_at: datetime
    is_fresh: bool


def fx_board(currencies: list[str] | None = None) -> list[FXRow]:
    """The latest FX rate of each display currency (one query), USD excluded."""
    wanted = [c for c in (currencies or settings.DISPLAY_CURRENCIES) if c != "USD"]
    latest: dict[str, FXRate] = {}
    for row in (FXRate.objects.filter(currency__in=wanted, effective_at__lte=timezone.now())
                .order_by("currency", "-effective_at", "-id")):
        latest.setdefault(row.currency, row)
    stale_before = selectors.stale_before()
    return [FXRow(currency=c, per_usd=latest[c].per_usd, source=latest[c].source,
                  effective_at=latest[c].effective_at, is_fresh=latest[c].effective_at >= stale_before)
            for c in wanted if c in latest]


def recent_metal_rates(limit: int = 20):
    return MetalRate.objects.select_related("recorded_by").order_by("-recorded_at", "-id")[:limit]


def recent_fx_rates(limit: int = 20):
    return FXRate.objects.select_related("recorded_by").order_by("-recorded_at", "-id")[:limit]


class Freshness:
    """Which (metal, fineness, currency) have a fresh rate, from one grouped query.

    Mirrors `selectors.resolve_rate`: the newest of the exact fineness and the 999 rate in the
    listing's currency; only when neither exists in that currency, the same in any currency.
    A listing grid asks it for every card without a query per card.
    """

    def __init__(self) -> None:
        now = timezone.now()
        self._latest: dict[tuple[str, int, str], datetime] = {
            (row["metal"], row["fineness"], row["currency"]): row["at"]
            for row in MetalRate.objects.filter(effective_at__lte=now)
            .values("metal", "fineness", "currency").annotate(at=Max("effective_at"))
        }
        self._stale_before = selectors.stale_before(now)

    def _newest(self, metal: str, fineness: int, currency: str | None) -> datetime | None:
        times = [at for (m, f, c), at in self._latest.items()
                 if m == metal and f in (fineness, units.PURE) and (currency is None or c == currency)]
        return max(times) if times else None

    def is_fresh(self, *, metal: str, fineness: int, currency: str) -> bool:
        newest = self._newest(metal, fineness, currency)
        if newest is None:
            newest = self._newest(metal, fineness, None)
        return newest is not None and newest >= self._stale_before

    def price_on_request(self, listing: Listing) -> bool:
        """The same answer as `selectors.listing_price_on_request`, without a query."""
        if listing.price_mode != Listing.PriceMode.METAL_LINKED:
            return False
        spec = listing.spec
        if spec is None:
            return True
        return not self.is_fresh(metal=spec.metal, fineness=spec.fineness, currency=listing.currency)


@dataclass(frozen=True)
class JumpPreview:
    """What the console shows before a staff member confirms a big jump: the old and new value
    in the unit and currency being entered."""

    old: Decimal
    new: Decimal
    change_percent: Decimal
    currency: str
    old_effective_at: datetime
    old_source: str


def metal_jump_preview(*, metal: str, fineness: int | str, unit: str, currency: str, price: Decimal | str
                       ) -> JumpPreview | None:
    """The last rate for the same metal, fineness and currency, expressed per `unit`, against `price`."""
    try:
        fineness = int(fineness)
        new = Decimal(str(price).replace(",", ""))
    except (TypeError, ValueError, ArithmeticError):
        return None
    last = (MetalRate.objects.filter(metal=metal, fineness=fineness, currency=currency)
            .order_by("-effective_at", "-id").first())
    if last is None or unit not in units.RATE_UNITS:
        return None
    old = units.per_unit(last.price_per_gram, unit, max(-new.as_tuple().exponent, 2))
    return JumpPreview(old=old, new=new, change_percent=((new - old) * 100 / old).quantize(Decimal("0.1")),
                       currency=currency, old_effective_at=last.effective_at, old_source=last.source)


def fx_jump_preview(*, currency: str, per_usd: Decimal | str) -> JumpPreview | None:
    try:
        new = Decimal(str(per_usd).replace(",", ""))
    except (TypeError, ValueError, ArithmeticError):
        return None
    last = FXRate.objects.filter(currency=currency).order_by("-effective_at", "-id").first()
    if last is None:
        return None
    return JumpPreview(old=last.per_usd, new=new,
                       change_percent=((new - last.per_usd) * 100 / last.per_usd).quantize(Decimal("0.1")),
                       currency=currency, old_effective_at=last.effective_at, old_source=last.source)
