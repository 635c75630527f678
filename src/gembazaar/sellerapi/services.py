"""The seller API's writes beyond one listing: the bulk upsert (keys live in sellers.api_keys)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gembazaar.catalogue import services as catalogue_services
from gembazaar.catalogue.models import Listing
from gembazaar.sellers.models import Seller


def _prefixed(exc: ValidationError, prefix: str) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {f"{prefix}.{field}" if field != "__all__" else prefix: messages
                for field, messages in exc.message_dict.items()}
    return {prefix: exc.messages}


def listings_bulk_upsert(*, seller: Seller, items: list[dict]) -> dict[str, list[str]]:
    """Create or update many listings by SKU, all or nothing.

    An existing SKU of the seller is updated (its kind cannot change), a new one created. Errors
    are keyed "items.<index>.<field>"; when there is any, nothing is written.
    """
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    result: dict[str, list[str]] = {"created": [], "updated": []}
    with transaction.atomic():
        existing = {listing.sku: listing for listing in Listing.objects.select_related("gem", "jewelry")
                    .filter(seller=seller, sku__in=[(item.get("sku") or "").strip() for item in items])}
        for index, item in enumerate(items):
            data = dict(item)
            sku = (data.get("sku") or "").strip()
            if sku in seen:
                errors[f"items.{index}.sku"] = [_("SKU %(sku)s appears more than once.") % {"sku": sku}]
                continue
            seen.add(sku)
            try:
                listing = existing.get(sku)
                if listing is None:
                    catalogue_services.listing_create(seller=seller, **data)
                    result["created"].append(sku)
                elif data.pop("kind") != listing.kind:
                    errors[f"items.{index}.kind"] = [_("The kind of an existing listing cannot change.")]
                else:
                    catalogue_services.listing_update(listing=listing, **data)
                    result["updated"].append(sku)
            except ValidationError as exc:
                errors.update(_prefixed(exc, f"items.{index}"))
        if errors:
            raise ValidationError(errors)  # leaves the atomic block: everything rolls back
    return result
