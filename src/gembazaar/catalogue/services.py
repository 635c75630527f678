"""Every write to the catalogue. Views, the API, admin actions and commands call these."""

from __future__ import annotations

import uuid
from decimal import Decimal

import nh3
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from gembazaar.core import fx
from gembazaar.core.errors import DomainError
from gembazaar.core.images import process_upload
from gembazaar.sellers.models import Seller

from . import vocab
from .models import PRICE_FIELDS, GemSpec, JewelrySpec, Listing, ListingImage, ListingPrice
from .pricing_hook import metal_linked_price, record_price_change
from .search_text import listing_search_text, search_text_of
from .signals import listing_words_written
from .validation import clean_gem, clean_jewelry, clean_listing, origin_errors, origin_review

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "table", "tr", "td", "th", "tbody",
                "thead"}


def sanitize_description(html: str) -> str:
    """Seller HTML reduced to harmless formatting."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes={}, link_rel=None)


def _prefixed(exc: ValidationError, prefix: str) -> ValidationError:
    return ValidationError({f"{prefix}.{field}": msgs for field, msgs in exc.message_dict.items()})


def _single_stone_quantity_errors(*, kind: str, spec_data: dict | None, quantity) -> dict[str, list[str]]:
    """A single stone is unique: quantity 1. Parcels are lots."""
    if kind == Listing.Kind.GEMSTONE and spec_data and spec_data["pieces"] == 1 and quantity != 1:
        return {"quantity": [_("A single stone is unique: its quantity is 1. List parcels as a lot.")]}
    return {}


def _sku_taken(*, seller_id: int, sku: str, exclude_pk: int | None = None) -> ValidationError | None:
    """The error for a SKU this seller already uses (on another listing), or None."""
    clash = Listing.objects.filter(seller_id=seller_id, sku=sku)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        return ValidationError({"sku": [_("You already have a listing with SKU %(sku)s.") % {"sku": sku}]})
    return None


def _column_size_errors(model, values: dict | None, prefix: str = "") -> dict[str, list[str]]:
    """Text longer than its column or a number with more digits than its column allows.

    The validation functions check meaning; this checks fit, so an over-long hallmark or a price
    of 1e400 is a 400 naming the field on every database instead of a 500 (or, on SQLite, a
    silently over-long value)."""
    errors: dict[str, list[str]] = {}
    for name, value in (values or {}).items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            if model is not Listing or name not in PRICE_FIELDS:
                continue
            field = ListingPrice._meta.get_field(name)  # the listing's price lives in its own table
        fits_check = (isinstance(field, models.CharField) and isinstance(value, str)) or (
            isinstance(field, models.DecimalField) and isinstance(value, Decimal))  # else: already an error
        if value in (None, "") or not fits_check:
            continue
        try:
            field.run_validators(value)
        except ValidationError as exc:
            errors[f"{prefix}{name}"] = exc.messages
    return errors


def _origin_errors(data: dict, spec_data: dict | None) -> dict[str, list[str]]:
    if spec_data is None:
        return {}
    return origin_errors(spec=spec_data, origin_country=data.get("origin_country") or "",
                         origin_locality=data.get("origin_locality") or "")


def origin_review_for(spec_data: dict | None, data: dict, *, before: Listing | None = None) -> str:
    """origin_review of a listing about to be written (validation.origin_review), from its stored state."""
    accepted = None
    if before is not None and before.origin_review == Listing.OriginReview.ACCEPTED and before.spec is not None:
        accepted = (before.origin_locality, before.spec.species, before.spec.variety)
    return origin_review(spec_data, data.get("origin_locality") or "", accepted_claim=accepted)


def listing_create(
    *,
    seller: Seller,
    kind: str,
    sku: str,
    title: str,
    price,
    currency: str,
    description: str = "",
    quantity: int = 1,
    moq: int = 1,
    price_mode: str = Listing.PriceMode.FIXED,
    origin_country: str = "",
    origin_locality: str = "",
    hs_code: str = "",
    gem: dict | None = None,
    jewelry: dict | None = None,
) -> Listing:
    """Create a draft listing with its specification.

    Rules: every domain rule of validation.py; a gemstone or lot has a gem spec and jewelry
    has a jewelry spec; a unique stone has quantity 1; the SKU is unique for the seller.
    Nothing is written unless everything is valid.
    """
    data = {"kind": kind, "sku": sku, "title": title, "price": price, "currency": currency,
            "quantity": quantity, "moq": moq, "price_mode": price_mode, "origin_country": origin_country,
            "origin_locality": origin_locality, "hs_code": hs_code}
    errors: dict[str, list[str]] = {}
    try:
        data = clean_listing(data)
    except ValidationError as exc:
        errors.update(exc.message_dict)

    spec_data = None
    if kind == Listing.Kind.JEWELRY:
        if jewelry is None:
            errors["jewelry"] = [_("Jewelry needs its metal and weights.")]
        else:
            try:
                spec_data = clean_jewelry(jewelry)
            except ValidationError as exc:
                errors.update(_prefixed(exc, "jewelry").message_dict)
    elif kind in (Listing.Kind.GEMSTONE, Listing.Kind.LOT):
        if gem is None:
            errors["gem"] = [_("A stone needs its gem specification.")]
        else:
            try:
                spec_data = clean_gem(gem)
            except ValidationError as exc:
                errors.update(_prefixed(exc, "gem").message_dict)
            errors.update(_single_stone_quantity_errors(kind=kind, spec_data=spec_data,
                                                        quantity=data.get("quantity", 1)))
            errors.update(_origin_errors(data, spec_data))
    errors.update(_column_size_errors(Listing, data))
    spec_model, spec_prefix = (JewelrySpec, "jewelry.") if kind == Listing.Kind.JEWELRY else (GemSpec, "gem.")
    errors.update(_column_size_errors(spec_model, spec_data, spec_prefix))
    if errors:
        raise ValidationError(errors)

    if kind == Listing.Kind.JEWELRY and (engine_price := metal_linked_price(data, spec_data)) is not None:
        data["price"] = engine_price  # metal-linked: the day's rate decides (pricing_hook.py)
    data["origin_review"] = origin_review_for(spec_data if kind != Listing.Kind.JEWELRY else None, data)
    if not data["hs_code"]:
        data["hs_code"] = vocab.suggest_hs_code_for_spec(kind, spec_data)
    try:
        reference_price = fx.to_reference(data["price"], data["currency"])
    except DomainError as exc:
        raise ValidationError({"currency": [exc.message]}) from exc

    clean_description = sanitize_description(description)
    search_text = listing_search_text(
        title=data["title"], description=clean_description, kind=kind, origin_country=data["origin_country"],
        origin_locality=data["origin_locality"], gem=spec_data if kind != Listing.Kind.JEWELRY else None,
        jewelry=spec_data if kind == Listing.Kind.JEWELRY else None, seller_name=seller.trade_name,
        seller_city=seller.city, seller_market=seller.market)
    try:
        with transaction.atomic():
            listing = Listing.objects.create(
                seller=seller,
                slug=slugify(data["title"], allow_unicode=True)[:120] or "item",
                description=clean_description,
                reference_price=reference_price,
                search_text=search_text,
                **data,
            )
            listing_words_written.send(sender=Listing, texts=[search_text])  # search's lexicon
            if kind == Listing.Kind.JEWELRY:
                JewelrySpec.objects.create(listing=listing, **spec_data)
            else:
                GemSpec.objects.create(listing=listing, **spec_data)
    except IntegrityError as exc:
        if taken := _sku_taken(seller_id=seller.pk, sku=data["sku"]):
            raise taken from exc
        raise
    return listing


def listing_origin_recheck(*, listing: Listing) -> Listing:
    """Hold or release the origin after an edit outside the services (the admin)."""
    spec = listing.spec if listing.kind != Listing.Kind.JEWELRY else None
    values = {"species": spec.species, "variety": spec.variety, "nature": spec.nature} if spec else None
    review = origin_review_for(values, {"origin_locality": listing.origin_locality},
                               before=listing if listing.origin_review == Listing.OriginReview.ACCEPTED else None)
    if review != listing.origin_review:
        listing.origin_review = review
        listing.save(update_fields=["origin_review", "updated_at"])
    return listing


def listing_origin_accept(*, listing: Listing) -> Listing:
    """The council accepts an unusual origin claim (it stays the seller's claim, now reviewed)."""
    listing.origin_review = Listing.OriginReview.ACCEPTED
    listing.save(update_fields=["origin_review", "updated_at"])
    return listing


def listing_origin_remove(*, listing: Listing) -> Listing:
    """The council removes an origin it cannot accept: the listing stays on sale without one."""
    with transaction.atomic():
        listing.origin_country, listing.origin_locality = "", ""
        listing.origin_review = Listing.OriginReview.NONE
        listing.save(update_fields=["origin_country", "origin_locality", "origin_review", "updated_at"])
        listing_search_text_refresh(listing=listing)
    return listing


def listing_publish(*, listing: Listing) -> Listing:
    """Put a listing on sale. Only a seller verified by the council can publish."""
    if not listing.seller.is_verified:
        raise DomainError(_("Only a seller verified by the council can publish listings."),
                          code="seller_not_verified", field="status")
    if listing.status not in (Listing.Status.DRAFT, Listing.Status.ACTIVE):
        raise DomainError(_("A %(status)s listing cannot be published.") % {"status": listing.status},
                          code="invalid_transition", field="status")
    if listing.quantity < 1:
        raise DomainError(_("Nothing in stock to sell."), code="out_of_stock", field="quantity")
    listing.status = Listing.Status.ACTIVE
    listing.published_at = listing.published_at or timezone.now()
    listing.save(update_fields=["status", "published_at", "updated_at"])
    return listing


def listing_search_text_refresh(*, listing: Listing) -> Listing:
    """Rebuild the words a listing is found by, after its title, description or spec was edited
    outside listing_create (the admin). Every other search column follows on its own."""
    listing.search_text = search_text_of(listing)
    Listing.objects.filter(pk=listing.pk).update(search_text=listing.search_text)
    listing_words_written.send(sender=Listing, texts=[listing.search_text])
    return listing


def listing_archive(*, listing: Listing) -> Listing:
    listing.status = Listing.Status.ARCHIVED
    listing.save(update_fields=["status", "updated_at"])
    return listing


def listing_image_add(*, listing: Listing, data: bytes, alt_text: str = "") -> ListingImage:
    """Attach a picture: checked by content, re-encoded without EXIF, thumbnailed, appended last."""
    processed = process_upload(data)
    stem = uuid.uuid4().hex
    position = listing.images.count()
    image = ListingImage(listing=listing, position=position, width=processed.width, height=processed.height,
                         alt_text=alt_text[:200] or listing.title[:200])
    image.image.save(f"{stem}.jpg", ContentFile(processed.image), save=False)
    image.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(processed.thumbnail), save=False)
    image.thumbnail_webp.save(f"{stem}-thumb.webp", ContentFile(processed.thumbnail_webp), save=False)
    image.save()
    _pictures_changed(listing)
    return image


def _pictures_changed(listing: Listing) -> None:
    """A listing's pictures are part of what its pages show: touching the listing row lets every
    reader that follows listing writes (the search change log, the page cache's version) know."""
    Listing.objects.filter(pk=listing.pk).update(updated_at=timezone.now())


def listing_images_reorder(*, listing: Listing, image_ids: list[int]) -> None:
    """Set the picture order; the ids must be exactly this listing's pictures."""
    current = set(listing.images.values_list("id", flat=True))
    if set(image_ids) != current or len(image_ids) != len(current):
        raise DomainError(_("Give every picture of this listing exactly once."), field="image_ids")
    with transaction.atomic():
        for position, image_id in enumerate(image_ids):
            ListingImage.objects.filter(pk=image_id, listing=listing).update(position=position)
        _pictures_changed(listing)


LISTING_EDITABLE_FIELDS = ("sku", "title", "description", "price", "currency", "quantity", "moq", "price_mode",
                           "origin_country", "origin_locality", "hs_code")


def _plain_decimal(value):
    """A stored Decimal without the column's trailing zeros (1250.000 → 1250), so it revalidates."""
    if value is None:
        return value
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _spec_values(listing: Listing) -> dict:
    spec = listing.spec
    if spec is None:
        return {}
    return {f.name: getattr(spec, f.attname) for f in spec._meta.concrete_fields if f.name != "listing"}


def listing_update(*, listing: Listing, gem: dict | None = None, jewelry: dict | None = None, actor=None,
                   **fields) -> Listing:
    """Edit a listing's fields and specification; the kind never changes.

    Rules: the same as listing_create (validation.py, a single stone has quantity 1, the SKU is
    unique for the seller → error on "sku"); spec errors are keyed "gem.<field>" / "jewelry.<field>";
    the search text is rebuilt; nothing is written unless everything is valid. A changed price
    goes into the price history with `actor` (design rule 6: price changes are audited).
    """
    old_price, old_reference = listing.price, listing.reference_price
    unknown = set(fields) - set(LISTING_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be edited.")] for name in sorted(unknown)})
    data = {name: getattr(listing, name) for name in LISTING_EDITABLE_FIELDS if name != "description"}
    data["origin_country"] = str(data["origin_country"] or "")
    data["price"] = _plain_decimal(data["price"])
    data.update({k: v for k, v in fields.items() if k != "description"})
    data["kind"] = listing.kind
    errors: dict[str, list[str]] = {}
    try:
        data = clean_listing(data)
    except ValidationError as exc:
        errors.update(exc.message_dict)

    is_jewelry = listing.kind == Listing.Kind.JEWELRY
    prefix, changes = ("jewelry", jewelry) if is_jewelry else ("gem", gem)
    spec_raw = {**_spec_values(listing), **(changes or {})}
    spec_data = None
    try:
        spec_data = (clean_jewelry if is_jewelry else clean_gem)(spec_raw)
    except ValidationError as exc:
        errors.update(_prefixed(exc, prefix).message_dict)
    errors.update(_single_stone_quantity_errors(kind=listing.kind, spec_data=spec_data,
                                                quantity=data.get("quantity", 1)))
    if not is_jewelry:
        errors.update(_origin_errors(data, spec_data))
    if "sku" not in errors and (taken := _sku_taken(seller_id=listing.seller_id, sku=data["sku"],
                                                    exclude_pk=listing.pk)):
        errors.update(taken.message_dict)
    errors.update(_column_size_errors(Listing, data))
    errors.update(_column_size_errors(JewelrySpec if is_jewelry else GemSpec, spec_data, f"{prefix}."))
    if errors:
        raise ValidationError(errors)
    if is_jewelry and (engine_price := metal_linked_price(data, spec_data)) is not None:
        data["price"] = engine_price  # metal-linked: the day's rate decides (pricing_hook.py)
    try:
        reference_price = fx.to_reference(data["price"], data["currency"])
    except DomainError as exc:
        raise ValidationError({"currency": [exc.message]}) from exc
    data["origin_review"] = origin_review_for(None if is_jewelry else spec_data, data, before=listing)

    data.pop("kind")
    if "description" in fields:
        data["description"] = sanitize_description(fields["description"])
    try:
        with transaction.atomic():
            for name, value in data.items():
                setattr(listing, name, value)
            listing.reference_price = reference_price
            listing.slug = slugify(listing.title, allow_unicode=True)[:120] or "item"
            listing.save()
            spec_model = JewelrySpec if is_jewelry else GemSpec
            spec_model.objects.update_or_create(listing=listing, defaults=spec_data)
            for cached in ("gem", "jewelry"):
                listing._state.fields_cache.pop(cached, None)
            listing_search_text_refresh(listing=listing)
            if (listing.price, listing.reference_price) != (old_price, old_reference):
                record_price_change(listing=listing, old_price=old_price, old_reference=old_reference, actor=actor)
    except IntegrityError as exc:
        if taken := _sku_taken(seller_id=listing.seller_id, sku=data["sku"], exclude_pk=listing.pk):
            raise taken from exc
        raise
    return listing


def listing_price_write(*, listing: Listing, price: Decimal, actor=None) -> ListingPrice:
    """Staff set a listing's price directly (the admin): the reference price is recomputed from the
    listing's currency, as listing_create/listing_update do, and a change goes into the price history.

    Rules: the currency must have a rate (→ error on "currency"). Writes only the narrow price row.
    """
    row = ListingPrice.objects.filter(listing_id=listing.pk).first()
    old = (row.price, row.reference_price) if row is not None else None
    try:
        reference_price = fx.to_reference(price, listing.currency)
    except DomainError as exc:
        raise ValidationError({"currency": [exc.message]}) from exc
    if row is None:
        row = ListingPrice(listing=listing)
    row.price, row.reference_price = price, reference_price
    with transaction.atomic():
        row.save(force_insert=old is None)
        listing._state.fields_cache["pricing"] = row
        listing._price_dirty = False
        if old is not None and (row.price, row.reference_price) != old:
            record_price_change(listing=listing, old_price=old[0], old_reference=old[1], actor=actor)
    return row


def listing_reprice_from_spec(*, listing: Listing, actor=None) -> bool:
    """A metal-linked piece whose specification staff edited directly (the admin) takes the engine's
    price for the new weight, making charge… (as listing_update does for a seller's edit). False
    when nothing changed: fixed price, no fresh rate (the price stands), or the same price."""
    spec = getattr(listing, "jewelry", None) if listing.kind == Listing.Kind.JEWELRY else None
    if spec is None:
        return False
    engine_price = metal_linked_price({"price_mode": listing.price_mode, "currency": listing.currency}, spec)
    if engine_price is None or engine_price == listing.price:
        return False
    listing_price_write(listing=listing, price=engine_price, actor=actor)
    return True


def listing_unpublish(*, listing: Listing) -> Listing:
    """Take an active listing off sale, back to draft. Reserved or sold listings stay as they are."""
    updated = Listing.objects.filter(pk=listing.pk, status=Listing.Status.ACTIVE).update(
        status=Listing.Status.DRAFT, updated_at=timezone.now())
    if not updated:
        raise DomainError(_("Only an active listing can be taken off sale."), code="invalid_transition",
                          field="status")
    listing.status = Listing.Status.DRAFT
    return listing


def listing_duplicate(*, listing: Listing) -> Listing:
    """A draft copy of a listing with the same specification, under a new SKU of the seller.

    Rules: the copy is a draft whatever the original's status; its SKU is "<sku>-COPY", then
    "-COPY-2", "-COPY-3" … the first free one (cut to 64 characters); pictures are not copied.
    """
    taken = set(Listing.objects.filter(seller_id=listing.seller_id, sku__startswith=listing.sku[:50])
                .values_list("sku", flat=True))
    n = 1
    while True:
        suffix = "-COPY" if n == 1 else f"-COPY-{n}"
        sku = listing.sku[: 64 - len(suffix)] + suffix  # the SKU column holds 64 characters
        if sku not in taken:
            break
        n += 1
    spec = _spec_values(listing)
    is_jewelry = listing.kind == Listing.Kind.JEWELRY
    return listing_create(
        seller=listing.seller, kind=listing.kind, sku=sku, title=listing.title, price=_plain_decimal(listing.price),
        currency=listing.currency, description=listing.description, quantity=listing.quantity, moq=listing.moq,
        price_mode=listing.price_mode, origin_country=str(listing.origin_country or ""),
        origin_locality=listing.origin_locality, hs_code=listing.hs_code,
        gem=None if is_jewelry else spec, jewelry=spec if is_jewelry else None)
