"""invoices (issue 16): filled in by its own slice."""

from __future__ import annotations

__all__: list[str] = []
