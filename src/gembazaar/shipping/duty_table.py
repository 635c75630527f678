"""The shipped duty-rate table (data/duty_rates.csv): read, checked, and loaded into DutyRate.

The loader takes the model classes so the data migration can pass its historical models."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

CSV_PATH = Path(__file__).parent / "data" / "duty_rates.csv"

# The fields a row holds, in the CSV's column order (also what a history row records).
FIELDS = ("duty_percent", "vat_percent", "duty_base", "de_minimis_value", "de_minimis_currency",
          "de_minimis_scope", "extra_percent", "extra_note", "source", "source_url", "year",
          "confidence", "note")
DECIMALS = {"duty_percent", "vat_percent", "extra_percent", "de_minimis_value"}


def normalise_hs(code: str) -> str:
    """HS code digits only ("7103.91" → "710391"), for prefix matching."""
    return "".join(ch for ch in (code or "") if ch.isdigit())


def read_rows(path: Path = CSV_PATH) -> list[dict]:
    """The CSV as dicts of typed values; a broken row raises ValueError naming its line."""
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, raw in enumerate(csv.DictReader(handle), start=2):
            try:
                rows.append(_typed(raw))
            except (ValueError, ArithmeticError) as exc:
                raise ValueError(f"{path.name} line {number}: {exc}") from exc
    return rows


def _typed(raw: dict) -> dict:
    row = {"country": raw["country"].strip().upper(), "hs_prefix": raw["hs_prefix"].strip()}
    if len(row["country"]) != 2 or not normalise_hs(row["hs_prefix"]):
        raise ValueError("country must be ISO alpha-2 and hs_prefix must have digits")
    for name in FIELDS:
        value = (raw.get(name) or "").strip()
        if name in DECIMALS:
            value = Decimal(value) if value else (None if name == "de_minimis_value" else Decimal(0))
        elif name == "year":
            value = int(value)
        row[name] = value
    if row["confidence"] not in {"stated", "approximate"} or not row["source"]:
        raise ValueError("confidence must be stated/approximate and source is required")
    return row


def as_record(obj) -> dict:
    """A row's fields as JSON-safe values, for the history."""
    return {name: (f"{v.normalize():f}" if isinstance(v := getattr(obj, name), Decimal) else v) for name in FIELDS}


def load(rate_model, change_model, rows: list[dict], *, user=None) -> int:
    """Insert or update each row; write a history row for each that changed. Rows staff added
    that the CSV does not have are kept. Returns how many rows changed."""
    changed = 0
    for row in rows:
        values = {name: row[name] for name in FIELDS}
        rate = rate_model.objects.filter(country=row["country"], hs_prefix=row["hs_prefix"]).first()
        before = as_record(rate) if rate else {}
        if rate is None:
            rate = rate_model(country=row["country"], hs_prefix=row["hs_prefix"])
        for name, value in values.items():
            setattr(rate, name, value)
        after = as_record(rate)
        if after == before:
            continue
        rate.save()
        change_model.objects.create(country=row["country"], hs_prefix=row["hs_prefix"], kind="load",
                                    before=before, after=after, changed_by=user)
        changed += 1
    return changed
