"""Listings and their gem and jewelry specifications.

Rules that can be database constraints are constraints (the last line of defence); the same
rules live in `validation.py` with messages a seller can act on.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from gembazaar.core.models import QuickChoiceLabels, TimeStampedModel
from gembazaar.core.money import Money
from gembazaar.sellers.models import Seller

from . import vocab
from .disclosure import Disclosure, disclosure_of, qualified_title


def _variety_belongs_to_species() -> Q:
    condition = Q(variety="")
    for species in vocab.SPECIES:
        if species.varieties:
            condition |= Q(species=species.code, variety__in=[v.code for v in species.varieties])
    return condition


def _fineness_fits_metal() -> Q:
    condition = Q()
    for metal, finenesses in vocab.FINENESS_BY_METAL.items():
        condition |= Q(metal=metal, fineness__in=finenesses)
    return condition


def _karat_agrees_with_fineness() -> Q:
    condition = Q(karat__isnull=True)
    for karat, finenesses in vocab.KARAT_FINENESSES.items():
        condition |= Q(metal=vocab.GOLD, karat=karat, fineness__in=finenesses)
    return condition


class ListingQuerySet(models.QuerySet):
    def public(self):
        """What a buyer may see: active or reserved listings of sellers in good standing."""
        return self.filter(
            status__in=[Listing.Status.ACTIVE, Listing.Status.RESERVED],
            seller__status=Seller.Status.VERIFIED,
        )

    def with_card_data(self):
        """Everything a listing card shows, in a fixed number of queries."""
        return self.select_related("seller", "gem", "jewelry").prefetch_related(
            models.Prefetch("images", queryset=ListingImage.objects.order_by("position", "id"))
        )


class ListingManager(models.Manager.from_queryset(ListingQuerySet)):
    def get_queryset(self):
        return super().get_queryset().select_related("pricing")


PRICE_FIELDS = frozenset({"price", "reference_price"})


def _price_column(name: str) -> property:
    """`listing.<name>`: that column of the listing's ListingPrice row (a property, so that
    `Listing(price=…)` and `Listing.objects.create(price=…)` keep working)."""

    def read(listing: Listing) -> Decimal | None:
        return getattr(listing._price_row(), name)

    def write(listing: Listing, value) -> None:
        setattr(listing._price_row(), name, value)
        listing._price_dirty = True

    return property(read, write)


REPRICED_STATUSES = ("draft", "active", "reserved")  # sold and archived listings keep their price
REPRICED = Q(price_mode="metal_linked", status__in=REPRICED_STATUSES)


class Listing(QuickChoiceLabels, TimeStampedModel):
    class Kind(models.TextChoices):
        GEMSTONE = "gemstone", _("Gemstone")
        JEWELRY = "jewelry", _("Jewelry")
        LOT = "lot", _("Lot / parcel")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        RESERVED = "reserved", _("Reserved")
        SOLD = "sold", _("Sold")
        ARCHIVED = "archived", _("Archived")

    class PriceMode(models.TextChoices):
        FIXED = "fixed", _("Fixed price")
        METAL_LINKED = "metal_linked", _("Linked to the day's metal rate")

    class OriginReview(models.TextChoices):
        NONE = "", _("Nothing to review")
        HELD = "held", _("Held for council review")
        ACCEPTED = "accepted", _("Accepted by the council")

    seller = models.ForeignKey(Seller, on_delete=models.PROTECT, related_name="listings")
    sku = models.CharField(_("SKU"), max_length=64)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    quantity = models.PositiveIntegerField(_("quantity in stock"), default=1)
    moq = models.PositiveIntegerField(_("minimum order quantity"), default=1)
    price_mode = models.CharField(_("price mode"), max_length=12, choices=PriceMode.choices,
                                  default=PriceMode.FIXED)
    # The price itself lives in ListingPrice (`price` and `reference_price` below are properties).
    currency = models.CharField(_("currency"), max_length=3)
    hs_code = models.CharField(_("HS code"), max_length=10, blank=True)
    origin_country = CountryField(_("country of origin"), blank=True)
    origin_locality = models.CharField(_("locality"), max_length=40, blank=True,
                                       choices=vocab.choices(vocab.LOCALITIES))
    # An origin the locality vocabulary does not know for the stone (a ruby "from Mingora") is
    # listed but held for the council (validation.origin_is_plausible); an origin is always the
    # seller's claim unless a lab report states it.
    origin_review = models.CharField(_("origin review"), max_length=10, blank=True, default="",
                                     choices=OriginReview.choices)
    is_featured = models.BooleanField(_("featured"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # The words the listing is found by, built by search.document.listing_search_text on every
    # write; the database's full-text index covers it (search/text.py).
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    objects = ListingManager()

    class Meta:
        ordering = ["-published_at", "-id"]
        base_manager_name = "objects"  # a listing reached through a relation comes with its price too
        constraints = [
            models.UniqueConstraint(fields=["seller", "sku"], name="listing_sku_unique_per_seller"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="listing_quantity_not_negative"),
            models.CheckConstraint(condition=Q(moq__gte=1), name="listing_moq_at_least_one"),
            models.CheckConstraint(condition=Q(kind__in=["gemstone", "jewelry", "lot"]), name="listing_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "active", "reserved", "sold", "archived"]),
                name="listing_status_valid",
            ),
            models.CheckConstraint(condition=Q(price_mode="fixed") | Q(kind="jewelry"),
                                   name="listing_metal_linked_only_jewelry"),
            models.CheckConstraint(condition=~Q(status="active") | Q(published_at__isnull=False),
                                   name="listing_active_has_published_at"),
        ]
        indexes = [
            models.Index(fields=["status", "kind", "-published_at"], name="listing_browse_idx"),
            models.Index(fields=["seller", "status"], name="listing_seller_status_idx"),
            # A seller's page and "more from this seller": newest first without sorting all its listings.
            models.Index(fields=["seller", "-published_at", "-id"], name="listing_seller_newest_idx"),
            models.Index(fields=["is_featured", "status"], name="listing_featured_idx"),
            # The home page's featured listings, newest first, without sorting every listing of the kind.
            models.Index(fields=["kind", "-published_at", "-id"], condition=models.Q(is_featured=True),
                         name="listing_featured_newest_idx"),
            # The listings repricing rewrites, read index-only (pricing.repricing): which ones,
            # and in which currency (a skip scan of it finds the currencies to resolve rates for).
            models.Index(fields=["currency", "id"], condition=REPRICED,
                         name="listing_repriced_idx"),
            # The council's queue of unusual origins: a handful of rows, whatever the catalogue's size.
            models.Index(fields=["updated_at"], condition=models.Q(origin_review="held"),
                         name="listing_origin_held_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.sku})"

    def get_absolute_url(self) -> str:
        return reverse("listing_detail", kwargs={"pk": self.pk, "slug": self.slug or "item"})

    # --- The price, kept in ListingPrice -------------------------------------------------------
    # `listing.price` and `listing.reference_price` read and write the listing's ListingPrice row
    # (loaded with the listing by the default manager); save() writes that row when it is new or
    # was changed. In queries the columns are `pricing__price` and `pricing__reference_price`.

    _price_dirty = False
    price = _price_column("price")
    reference_price = _price_column("reference_price")

    def _price_row(self) -> ListingPrice:
        try:
            return self.pricing
        except ListingPrice.DoesNotExist:
            if self.pk is not None and not self._state.adding:
                raise
            return ListingPrice(listing=self)  # also cached as self.pricing

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        price_named = False
        if update_fields is not None:
            price_named = bool(PRICE_FIELDS & set(update_fields))
            kwargs["update_fields"] = [name for name in update_fields if name not in PRICE_FIELDS]
        super().save(*args, **kwargs)
        row = self._state.fields_cache.get("pricing")
        if row is not None and (row._state.adding or self._price_dirty or price_named):
            row.listing = self
            if row._state.adding:
                row.save(force_insert=True)
            else:
                row.save(update_fields=list(PRICE_FIELDS))
            self._price_dirty = False

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        self._price_dirty = False

    @property
    def money(self) -> Money:
        return Money(self.price, self.currency)

    @property
    def spec(self):
        """The kind-specific specification (GemSpec or JewelrySpec), or None."""
        if self.kind == self.Kind.JEWELRY:
            return getattr(self, "jewelry", None)
        return getattr(self, "gem", None)

    @property
    def disclosed_title(self) -> str:
        """The title as buyers see it: a synthetic, imitation or composite says so (catalogue.disclosure)."""
        if self.kind == self.Kind.JEWELRY:
            return self.title
        spec = self.spec
        return qualified_title(self.title, nature=spec.nature) if spec is not None else self.title

    @property
    def primary_image(self):
        images = list(self.images.all())  # uses the prefetch when there is one
        return images[0] if images else None

    @property
    def is_available(self) -> bool:
        return self.status == self.Status.ACTIVE and self.quantity > 0


class ListingPrice(models.Model):
    """A listing's price, in a narrow table of its own (issue 5, docs/PERFORMANCE.md).

    A new metal or FX rate rewrites the price of up to every listing in one transaction. Rewriting
    a ~70-byte row instead of the whole listing (title, description, search text…) is what makes a
    million of them fit in seconds; the listing itself is not touched, so its indexes and the
    search's full-text index are not either. `reference_price` is the price in the reference
    currency (USD), kept current so buyers can sort and filter across currencies. Nothing here is
    indexed but the key, on purpose: every update stays HOT (fillfactor 50 on PostgreSQL, 0006).
    """

    listing = models.OneToOneField("Listing", on_delete=models.CASCADE, primary_key=True,
                                   related_name="pricing", verbose_name=_("listing"))
    price = models.DecimalField(_("price"), max_digits=15, decimal_places=3)
    reference_price = models.DecimalField(_("reference price (USD)"), max_digits=15, decimal_places=2)

    class Meta:
        verbose_name = _("listing price")
        verbose_name_plural = _("listing prices")
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="listing_price_positive"),
            models.CheckConstraint(condition=Q(reference_price__gt=0), name="listing_reference_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.price} ({self.reference_price} USD)"


class GemSpec(QuickChoiceLabels, models.Model):
    """What a gem buyer needs to know about a stone (or a parcel of stones)."""

    listing = models.OneToOneField(Listing, on_delete=models.CASCADE, primary_key=True, related_name="gem")
    species = models.CharField(_("species"), max_length=30, choices=vocab.choices(vocab.SPECIES))
    variety = models.CharField(_("variety"), max_length=30, blank=True,
                               choices=[(v.code, v.label) for s in vocab.SPECIES for v in s.varieties])
    nature = models.CharField(_("nature"), max_length=10, choices=vocab.choices(vocab.NATURES))
    # An imitation's species is what it is made of (glass, or another gem); this is what it imitates.
    imitates = models.CharField(_("imitates"), max_length=30, blank=True, choices=vocab.choices(vocab.IMITABLE))
    carat = models.DecimalField(_("weight (ct)"), max_digits=10, decimal_places=3)
    pieces = models.PositiveIntegerField(_("pieces"), default=1)
    length_mm = models.DecimalField(_("length (mm)"), max_digits=7, decimal_places=2, null=True, blank=True)
    width_mm = models.DecimalField(_("width (mm)"), max_digits=7, decimal_places=2, null=True, blank=True)
    depth_mm = models.DecimalField(_("depth (mm)"), max_digits=7, decimal_places=2, null=True, blank=True)
    # The seller confirmed a weight and measurements that look impossible together (catalogue.sizes).
    size_confirmed = models.BooleanField(_("weight and size confirmed"), default=False)
    shape = models.CharField(_("shape"), max_length=20, choices=vocab.choices(vocab.SHAPES))
    cutting_style = models.CharField(_("cutting style"), max_length=20, blank=True,
                                     choices=vocab.choices(vocab.CUTTING_STYLES))
    colour = models.CharField(_("colour"), max_length=20, blank=True, choices=vocab.choices(vocab.COLOURS))
    tone = models.PositiveSmallIntegerField(_("tone (0–10)"), null=True, blank=True)
    saturation = models.PositiveSmallIntegerField(_("saturation (1–6)"), null=True, blank=True)
    trade_colour = models.CharField(_("trade colour name"), max_length=60, blank=True)
    clarity = models.CharField(_("clarity"), max_length=6, blank=True)
    diamond_colour = models.CharField(_("diamond colour"), max_length=1, blank=True,
                                      choices=vocab.choices(vocab.DIAMOND_COLOURS))
    cut_grade = models.CharField(_("cut grade"), max_length=2, blank=True,
                                 choices=vocab.choices(vocab.DIAMOND_CUT_GRADES))
    # AGTA codes in canonical order, comma-separated ("H" or "H,F"); "N" stands alone.
    treatments = models.CharField(_("treatments"), max_length=60)
    phenomena = models.CharField(_("phenomena"), max_length=120, blank=True)
    lab = models.CharField(_("laboratory"), max_length=10, blank=True, choices=vocab.choices(vocab.LABS))
    certificate_number = models.CharField(_("report number"), max_length=40, blank=True)
    # A rough diamond crosses a border only with a Kimberley Process certificate (HS 7102.31).
    kp_certificate = models.CharField(_("Kimberley Process certificate"), max_length=40, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["species", "variety"], name="gem_species_variety_idx"),
            models.Index(fields=["carat"], name="gem_carat_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(carat__gt=0), name="gem_carat_positive"),
            models.CheckConstraint(condition=Q(pieces__gte=1), name="gem_pieces_positive"),
            models.CheckConstraint(condition=Q(nature__in=[n.code for n in vocab.NATURES]),
                                   name="gem_nature_valid"),
            models.CheckConstraint(condition=~Q(treatments=""), name="gem_treatments_declared"),
            # "N" (not enhanced) excludes every other code; no other code contains the letter N.
            models.CheckConstraint(condition=Q(treatments="N") | ~Q(treatments__contains="N"),
                                   name="gem_not_enhanced_stands_alone"),
            models.CheckConstraint(condition=_variety_belongs_to_species(), name="gem_variety_of_species"),
            models.CheckConstraint(condition=Q(tone__isnull=True) | Q(tone__lte=10), name="gem_tone_range"),
            models.CheckConstraint(
                condition=Q(saturation__isnull=True) | Q(saturation__gte=1, saturation__lte=6),
                name="gem_saturation_range",
            ),
            models.CheckConstraint(condition=Q(certificate_number="") | ~Q(lab=""), name="gem_report_has_lab"),
            # An imitation names what it imitates, and nothing else does.
            models.CheckConstraint(condition=Q(nature=vocab.IMITATION, imitates__gt="")
                                   | (~Q(nature=vocab.IMITATION) & Q(imitates="")), name="gem_imitates_iff_imitation"),
            # Glass, plastic, cubic zirconia … are only ever imitations.
            models.CheckConstraint(condition=Q(nature=vocab.IMITATION)
                                   | ~Q(species__in=[s.code for s in vocab.IMITATION_MATERIALS]),
                                   name="gem_material_is_imitation"),
        ]

    def __str__(self) -> str:
        return f"{self.get_variety_display() or self.get_species_display()} {self.carat} ct"

    @property
    def species_kind(self) -> str:
        """mineral, rock (lapis lazuli) or material (what only imitations are made of)."""
        species = vocab.SPECIES_BY_CODE.get(self.species)
        return species.kind if species else ""

    @property
    def treatment_codes(self) -> list[str]:
        return [code for code in self.treatments.split(",") if code]

    @property
    def treatment_terms(self) -> list[vocab.Treatment]:
        return [vocab.TREATMENTS_BY_CODE[c] for c in self.treatment_codes if c in vocab.TREATMENTS_BY_CODE]

    @property
    def is_untreated(self) -> bool:
        return self.treatments == vocab.NOT_ENHANCED

    @property
    def phenomenon_codes(self) -> list[str]:
        return [code for code in self.phenomena.split(",") if code]

    @property
    def phenomena_labels(self) -> list[str]:
        terms = vocab.by_code(vocab.PHENOMENA)
        return [str(terms[c].label) for c in self.phenomenon_codes if c in terms]

    @property
    def clarity_label(self) -> str:
        scale = vocab.DIAMOND_CLARITY if self.species == "diamond" else vocab.COLOURED_CLARITY
        term = vocab.by_code(scale).get(self.clarity)
        return str(term.label) if term else ""

    @property
    def name(self) -> str:
        """The disclosed name: "Ruby", "Synthetic ruby", "Imitation ruby (glass)" (catalogue.disclosure)."""
        return self.disclosure.name

    @property
    def disclosure(self) -> Disclosure:
        return disclosure_of(self)

    @property
    def dimensions(self) -> str:
        parts = [d for d in (self.length_mm, self.width_mm, self.depth_mm) if d is not None]
        return " × ".join(f"{d:.2f}" for d in parts) + " mm" if parts else ""


class JewelrySpec(QuickChoiceLabels, models.Model):
    """A finished piece: its metal, weights and how its price is made up."""

    class Gender(models.TextChoices):
        WOMEN = "female", _("Women")
        MEN = "male", _("Men")
        UNISEX = "unisex", _("Unisex")

    listing = models.OneToOneField(Listing, on_delete=models.CASCADE, primary_key=True, related_name="jewelry")
    jewelry_type = models.CharField(_("type"), max_length=20, choices=vocab.choices(vocab.JEWELRY_TYPES))
    metal = models.CharField(_("metal"), max_length=10, choices=vocab.choices(vocab.METALS))
    fineness = models.PositiveSmallIntegerField(_("fineness (‰)"))
    karat = models.PositiveSmallIntegerField(_("karat"), null=True, blank=True)
    # Grams to 11 places: any weight in tola, masha and ratti is exact (catalogue/weights.py), so
    # 2 tola prices at exactly twice the tola rate. `weight_unit` is the unit the seller used.
    gross_weight_g = models.DecimalField(_("gross weight (g)"), max_digits=20, decimal_places=11)
    net_metal_weight_g = models.DecimalField(_("net metal weight (g)"), max_digits=20, decimal_places=11)
    weight_unit = models.CharField(_("weight unit"), max_length=4, default="g",
                                   choices=[("g", _("grams")), ("tola", _("tola, masha and ratti"))])
    making_charge_mode = models.CharField(_("making charge"), max_length=10,
                                          choices=vocab.choices(vocab.MAKING_CHARGE_MODES), default="percent")
    making_charge_value = models.DecimalField(_("making charge value"), max_digits=12, decimal_places=3,
                                              default=Decimal(0))
    # Pricing terms of a metal-linked piece (pricing/engine.py): wastage is extra metal weight
    # charged, as a % of the net metal weight; stone value is in the listing's currency; the
    # seller's margin is a % of metal + making + wastage + stones.
    # xgettext:no-python-format
    wastage_percent = models.DecimalField(_("wastage (% of net metal weight)"), max_digits=5, decimal_places=2,
                                          default=Decimal(0))
    stone_value = models.DecimalField(_("stone value"), max_digits=15, decimal_places=3, default=Decimal(0))
    # xgettext:no-python-format
    margin_percent = models.DecimalField(_("seller margin (%)"), max_digits=5, decimal_places=2,
                                         default=Decimal(0))
    stones = models.CharField(_("set stones"), max_length=300, blank=True)
    stone_weight_ct = models.DecimalField(_("stone weight (ct)"), max_digits=9, decimal_places=3,
                                          null=True, blank=True)
    size = models.CharField(_("size"), max_length=30, blank=True)
    hallmark = models.CharField(_("hallmark"), max_length=60, blank=True)
    gender = models.CharField(_("for"), max_length=10, choices=Gender.choices, default=Gender.WOMEN)

    class Meta:
        indexes = [models.Index(fields=["metal", "karat"], name="jewelry_metal_karat_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(net_metal_weight_g__gt=0), name="jewelry_net_weight_positive"),
            models.CheckConstraint(condition=Q(net_metal_weight_g__lte=models.F("gross_weight_g")),
                                   name="jewelry_net_not_above_gross"),
            models.CheckConstraint(condition=_fineness_fits_metal(), name="jewelry_fineness_fits_metal"),
            models.CheckConstraint(condition=_karat_agrees_with_fineness(), name="jewelry_karat_agrees"),
            models.CheckConstraint(condition=Q(making_charge_value__gte=0), name="jewelry_making_not_negative"),
            models.CheckConstraint(condition=Q(wastage_percent__gte=0, wastage_percent__lte=100),
                                   name="jewelry_wastage_percent_range"),
            models.CheckConstraint(condition=Q(stone_value__gte=0), name="jewelry_stone_value_not_negative"),
            models.CheckConstraint(condition=Q(margin_percent__gte=0, margin_percent__lte=500),
                                   name="jewelry_margin_percent_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_jewelry_type_display()} {self.metal_label}"

    @property
    def metal_label(self) -> str:
        if self.karat:
            standard = vocab.KARAT_TO_FINENESS.get(self.karat)
            fineness = f" {self.fineness}" if standard and self.fineness != standard else ""  # "24K Gold 995"
            return f"{self.karat}K {self.get_metal_display()}{fineness}"
        return f"{self.get_metal_display()} {self.fineness}"


def listing_image_path(instance: ListingImage, filename: str) -> str:
    return f"listings/{instance.listing.seller_id}/{instance.listing_id}/{filename}"


class ListingImage(models.Model):
    """A picture of a listing. Files are re-encoded on upload; demo pictures are shared files."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to=listing_image_path, max_length=255)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=listing_image_path, max_length=255)
    # Offered first where the browser takes WebP; blank for pictures stored before it existed
    # (`gembazaar webp_thumbnails` makes them), and the JPEG serves alone.
    thumbnail_webp = models.ImageField(_("thumbnail (WebP)"), upload_to=listing_image_path, max_length=255,
                                       blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    alt_text = models.CharField(_("description of the picture"), max_length=200, blank=True)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["listing", "position"], name="image_listing_position_idx")]

    def __str__(self) -> str:
        return f"{self.listing_id} #{self.position}"


class BulkJob(TimeStampedModel):
    """One bulk action of a seller on many of its listings (catalogue/bulk/): what, on which, how it went.

    Every bulk action leaves one, small or large: the record of who changed what and when (design
    rule 6). A small selection runs in the request and its job is finished when the page answers;
    a large one runs as a Celery task that commits a batch at a time and moves `processed` in the
    same transaction as the batch's writes, so a task delivered twice resumes after the last
    committed batch instead of changing a price twice.
    """

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Publish")
        UNPUBLISH = "unpublish", _("Unpublish")
        ARCHIVE = "archive", _("Archive")
        CHANGE_PRICE = "change_price", _("Change price")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    RUNNING_STATUSES = (Status.QUEUED, Status.RUNNING)

    seller = models.ForeignKey(Seller, on_delete=models.CASCADE, related_name="bulk_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    # change_price: {"mode": "percent", "percent": "-10"} or {"mode": "fixed", "amount": "1200.00",
    # "currency": "USD"} (decimal strings); the other actions take none.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # How the seller chose: {"listing_ids": [...]}, {"skus": [...]} or {"filters": {"status": "draft"}}.
    selection = models.JSONField(_("selection"), default=dict, blank=True)
    # The seller's listings it acts on, in id order, fixed when the job was made (a filter is
    # resolved once: the count the seller confirmed is the set that changes).
    listing_ids = models.JSONField(_("listings"), default=list, blank=True)
    # The language the seller used: the reasons of skipped listings are written in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("listings"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    done_count = models.PositiveIntegerField(_("done"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    # Ids or SKUs asked for that are not among the seller's listings (unknown, or another
    # seller's): never touched, counted here, and listed in `problems` as "not_found".
    ignored_count = models.PositiveIntegerField(_("not found"), default=0)
    # [{"listing_id", "sku", "title", "code", "reason"}]: why listings were left as they were, the
    # first LISTINGS_BULK_MAX_REPORTED of them; the counts cover all.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("bulk action")
        verbose_name_plural = _("bulk actions")
        indexes = [models.Index(fields=["seller", "-created_at"], name="bulkjob_seller_created_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(action__in=["publish", "unpublish", "archive", "change_price"]),
                                   name="bulkjob_action_valid"),
            models.CheckConstraint(condition=Q(status__in=["queued", "running", "done", "failed"]),
                                   name="bulkjob_status_valid"),
            models.CheckConstraint(condition=Q(processed__lte=models.F("total")), name="bulkjob_progress_bounded"),
        ]

    def __str__(self) -> str:
        return f"bulk {self.action} {self.pk} ({self.seller_id}, {self.processed}/{self.total}, {self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.processed * 100 // self.total)

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING_STATUSES
