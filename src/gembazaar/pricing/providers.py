"""Where metal rates come from when nobody types them: a small RateProvider interface.

- HttpJsonRateProvider: GETs a JSON document from a URL and reads each rate at a dotted path
  given by a field mapping, e.g. {"gold:999:tola:PKR": "rates.gold_24k_tola"}. Any problem
  (unreachable, non-200, not JSON, a path missing, a value that is not a positive decimal)
  raises ProviderError naming the field, and nothing is recorded.
- LocalRateProvider: fixed, plausible rates for development and the demo (no network).
Choose one with RATE_PROVIDER ("" = none, "http", "local"); see docs/PRICING.md.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Protocol

from django.conf import settings
from django.utils import timezone

from gembazaar.core.errors import DomainError


class ProviderError(DomainError):
    status = 502

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message, code="rate_provider_error", field=field)


@dataclass(frozen=True)
class RateQuote:
    metal: str
    fineness: int
    unit: str
    currency: str
    price: Decimal
    source: str
    effective_at: datetime | None = None


class RateProvider(Protocol):
    def fetch(self) -> list[RateQuote]:
        """The provider's current rates; ProviderError on any problem."""


def _parse_key(key: str) -> tuple[str, int, str, str]:
    try:
        metal, fineness, unit, currency = key.split(":")
        return metal.strip().lower(), int(fineness), unit.strip().lower(), currency.strip().upper()
    except ValueError:
        raise ProviderError(f"Field mapping key {key!r} must look like gold:999:tola:PKR.", field=key) from None


def _dig(document, path: str):
    node = document
    for part in path.split("."):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise ProviderError(f"The provider's response has no {path!r}.", field=path)
    return node


class HttpJsonRateProvider:
    def __init__(self, *, url: str, fields: dict[str, str], source: str = "rate provider", timeout: float = 10,
                 effective_at_field: str | None = None):
        if not url.startswith(("http://", "https://")):
            raise ProviderError("RATE_PROVIDER_URL must be an http(s) address.", field="url")
        if not fields:
            raise ProviderError("RATE_PROVIDER_FIELDS maps no rate.", field="fields")
        self.url, self.fields, self.source, self.timeout = url, fields, source, timeout
        self.effective_at_field = effective_at_field

    def _get(self) -> object:
        headers = {"Accept": "application/json", "User-Agent": "GemBazaar rate refresh"}
        request = urllib.request.Request(self.url, headers=headers)  # noqa: S310 - __init__ allows http(s) only
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - http(s) only
                body = response.read(1_000_000)
        except urllib.error.HTTPError as exc:
            raise ProviderError(f"The rate provider answered HTTP {exc.code}.", field="url") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise ProviderError(f"The rate provider is unreachable: {exc}.", field="url") from exc
        try:
            return json.loads(body, parse_float=Decimal)
        except (ValueError, UnicodeDecodeError) as exc:
            raise ProviderError("The rate provider's response is not JSON.", field="response") from exc

    def fetch(self) -> list[RateQuote]:
        document = self._get()
        effective_at = None
        if self.effective_at_field:
            from django.utils.dateparse import parse_datetime

            raw = _dig(document, self.effective_at_field)
            effective_at = parse_datetime(str(raw)) if raw else None
            if effective_at is None:
                raise ProviderError(f"{self.effective_at_field!r} is not a date and time.",
                                    field=self.effective_at_field)
        quotes = []
        for key, path in self.fields.items():
            metal, fineness, unit, currency = _parse_key(key)
            raw = _dig(document, path)
            if isinstance(raw, bool) or not isinstance(raw, int | str | Decimal):
                raise ProviderError(f"{path!r} is not a number.", field=path)
            try:
                price = Decimal(str(raw).replace(",", ""))
            except InvalidOperation:
                raise ProviderError(f"{path!r} is not a number.", field=path) from None
            if not price.is_finite() or price <= 0:
                raise ProviderError(f"{path!r} must be a positive number.", field=path)
            quotes.append(RateQuote(metal=metal, fineness=fineness, unit=unit, currency=currency, price=price,
                                    source=self.source, effective_at=effective_at))
        return quotes


class LocalRateProvider:
    """Plausible late-2026 Lahore Sarafa figures (indicative, not market quotes) for development."""

    RATES = (
        ("gold", 999, "tola", "PKR", Decimal("452300")),
        ("silver", 999, "tola", "PKR", Decimal("5450")),
        ("platinum", 950, "gram", "PKR", Decimal("11200")),
        ("gold", 999, "troy_ounce", "USD", Decimal("4150")),
    )

    def fetch(self) -> list[RateQuote]:
        now = timezone.now()
        return [RateQuote(metal=m, fineness=f, unit=u, currency=c, price=p, source="local provider", effective_at=now)
                for m, f, u, c, p in self.RATES]


def get_provider() -> RateProvider | None:
    """The provider named by RATE_PROVIDER, or None when rates are entered by hand only."""
    kind = (settings.RATE_PROVIDER or "").strip().lower()
    if not kind:
        return None
    if kind == "local":
        return LocalRateProvider()
    if kind == "http":
        try:
            fields = json.loads(settings.RATE_PROVIDER_FIELDS or "{}")
        except ValueError as exc:
            raise ProviderError("RATE_PROVIDER_FIELDS is not JSON.", field="fields") from exc
        return HttpJsonRateProvider(url=settings.RATE_PROVIDER_URL, fields=fields,
                                    source=settings.RATE_PROVIDER_SOURCE, timeout=settings.RATE_PROVIDER_TIMEOUT)
    raise ProviderError(f"Unknown RATE_PROVIDER {kind!r}: use http or local.", field="RATE_PROVIDER")
