"""Addresses of the invoice pages (issue 16), included by payments/urls.py."""

from __future__ import annotations

urlpatterns: list = []
