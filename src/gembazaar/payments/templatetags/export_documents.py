"""`{% export_checks order as checks %}`: the export warnings of an order as (code, sentence) pairs,
for the seller's and council's order page (orders' template cannot ask payments from Python)."""

from __future__ import annotations

from django import template

from ..export_documents import export_check_messages, has_export_documents

register = template.Library()


@register.simple_tag
def export_checks(order) -> list[tuple[str, str]]:
    return export_check_messages(order) if has_export_documents(order) else []


@register.filter
def has_export_documents_of(order) -> bool:
    return has_export_documents(order)
