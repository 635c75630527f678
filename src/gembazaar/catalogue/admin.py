"""Low-level staff tools. Validation is the same as everywhere: validation.py and services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from gembazaar.core import fx
from gembazaar.core.errors import DomainError

from . import services
from .models import BulkJob, GemSpec, JewelrySpec, Listing, ListingImage, ListingPrice
from .validation import clean_gem, clean_jewelry


class DomainRulesForm(forms.ModelForm):
    """A ModelForm that runs one of the domain's clean_* functions over its fields."""

    rules = None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            checked = type(self).rules(dict(cleaned))
        except ValidationError as exc:
            for field, field_messages in exc.message_dict.items():
                target = field if field in self.fields else None
                for message in field_messages:
                    self.add_error(target, message)
            return cleaned
        cleaned.update({k: v for k, v in checked.items() if k in self.fields})
        return cleaned


class GemSpecForm(DomainRulesForm):
    rules = staticmethod(clean_gem)

    class Meta:
        model = GemSpec
        fields = "__all__"  # noqa: DJ007 - staff edit every field; rules run in clean()


class JewelrySpecForm(DomainRulesForm):
    rules = staticmethod(clean_jewelry)

    class Meta:
        model = JewelrySpec
        fields = "__all__"  # noqa: DJ007 - staff edit every field; rules run in clean()


class GemSpecInline(admin.StackedInline):
    model = GemSpec
    form = GemSpecForm
    can_delete = False


class JewelrySpecInline(admin.StackedInline):
    model = JewelrySpec
    form = JewelrySpecForm
    can_delete = False


class ListingImageInline(admin.TabularInline):
    model = ListingImage
    extra = 0
    fields = ("preview", "image", "thumbnail", "thumbnail_webp", "position", "alt_text")
    readonly_fields = ("preview",)

    @admin.display(description="preview")
    def preview(self, obj):
        if not obj.thumbnail:
            return "—"
        return format_html('<img src="{}" height="48" alt="">', obj.thumbnail.url)  # no style: CSP


class ListingPriceForm(forms.ModelForm):
    """The price alone: the reference price is always recomputed from it (services.listing_price_write)."""

    class Meta:
        model = ListingPrice
        fields = ("price",)

    def clean(self):
        cleaned = super().clean()
        listing = cleaned.get("listing") or getattr(self.instance, "listing", None)
        price = cleaned.get("price")
        if listing is not None and price is not None and listing.currency:
            try:
                fx.to_reference(price, listing.currency)
            except DomainError as exc:
                self.add_error("price", exc.message)
        return cleaned


class ListingPriceInline(admin.StackedInline):
    """A listing's price (its own narrow table). Saved through services.listing_price_write by
    ListingAdmin.save_formset, which recomputes the reference price and audits the change."""

    model = ListingPrice
    form = ListingPriceForm
    fields = ("price", "reference_price")
    readonly_fields = ("reference_price",)
    can_delete = False
    min_num = 1
    max_num = 1
    validate_min = True
    extra = 0


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):
    list_display = ("sku", "title", "seller", "kind", "status", "price_display", "currency",
                    "reference_price_display", "quantity", "is_featured", "published_at")
    list_filter = ("kind", "status", "origin_review", "price_mode", "is_featured", "currency", "seller__city",
                   "origin_country")
    search_fields = ("sku", "title", "seller__trade_name", "seller__slug")
    list_select_related = ("seller",)
    autocomplete_fields = ["seller"]
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "published_at"
    list_per_page = 50
    actions = ["publish_selected", "archive_selected"]

    @admin.display(description="price", ordering="pricing__price")
    def price_display(self, obj):
        return obj.price

    @admin.display(description="reference price (USD)", ordering="pricing__reference_price")
    def reference_price_display(self, obj):
        return obj.reference_price

    def save_formset(self, request, form, formset, change):
        if formset.model is not ListingPrice:
            return super().save_formset(request, form, formset, change)
        listing = formset.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for price_form in formset.forms:
            price = price_form.cleaned_data.get("price")
            if price is None:
                continue
            adding = price_form.instance._state.adding
            if not adding and not price_form.has_changed() and not form.has_changed():
                continue
            row = services.listing_price_write(listing=listing, price=price, actor=request.user)
            if adding:
                formset.new_objects.append(row)
            elif price_form.has_changed():
                formset.changed_objects.append((row, price_form.changed_data))
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        listing = Listing.objects.select_related("seller", "gem", "jewelry").get(pk=form.instance.pk)
        services.listing_search_text_refresh(listing=listing)  # title, description or spec may have changed
        services.listing_origin_recheck(listing=listing)  # an origin unusual for the stone is held
        services.listing_reprice_from_spec(listing=listing, actor=request.user)  # metal-linked: weight, making…

    def get_inlines(self, request, obj):
        if obj is None:
            return [ListingPriceInline, GemSpecInline, JewelrySpecInline, ListingImageInline]
        spec = JewelrySpecInline if obj.kind == Listing.Kind.JEWELRY else GemSpecInline
        return [ListingPriceInline, spec, ListingImageInline]

    @admin.action(description="Publish selected listings")
    def publish_selected(self, request, queryset):
        done = 0
        for listing in queryset.select_related("seller"):
            try:
                services.listing_publish(listing=listing)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{listing.sku}: {exc.message}", messages.WARNING)
        self.message_user(request, f"Published {done} listing(s).")

    @admin.action(description="Archive selected listings")
    def archive_selected(self, request, queryset):
        for listing in queryset:
            services.listing_archive(listing=listing)
        self.message_user(request, f"Archived {queryset.count()} listing(s).")


@admin.register(ListingPrice)
class ListingPriceAdmin(admin.ModelAdmin):
    """Listing prices, read-mostly: a price is normally edited on its listing's page. A price saved
    here goes through services.listing_price_write (reference price recomputed, change audited)."""

    form = ListingPriceForm
    list_display = ("listing", "price", "reference_price")
    search_fields = ("listing__sku", "listing__title")
    list_select_related = ("listing",)
    raw_id_fields = ("listing",)

    fields = ("listing", "price", "reference_price")

    def get_readonly_fields(self, request, obj=None):
        return ("reference_price",) if obj is None else ("listing", "reference_price")

    def save_model(self, request, obj, form, change):
        listing = Listing.objects.get(pk=obj.listing_id)
        saved = services.listing_price_write(listing=listing, price=obj.price, actor=request.user)
        obj.reference_price = saved.reference_price
        obj._state.adding = False


@admin.register(GemSpec)
class GemSpecAdmin(admin.ModelAdmin):
    form = GemSpecForm
    list_display = ("listing", "species", "variety", "imitates", "nature", "carat", "shape", "treatments", "lab",
                    "certificate_number")
    list_filter = ("nature", "species", "shape", "lab", "treatments")
    search_fields = ("listing__sku", "listing__title", "certificate_number")
    list_select_related = ("listing",)
    raw_id_fields = ("listing",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.listing_search_text_refresh(listing=obj.listing)


@admin.register(JewelrySpec)
class JewelrySpecAdmin(admin.ModelAdmin):
    form = JewelrySpecForm
    list_display = ("listing", "jewelry_type", "metal", "karat", "fineness", "gross_weight_g",
                    "net_metal_weight_g", "making_charge_mode", "making_charge_value")
    list_filter = ("jewelry_type", "metal", "karat", "making_charge_mode")
    search_fields = ("listing__sku", "listing__title", "hallmark")
    list_select_related = ("listing",)
    raw_id_fields = ("listing",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        listing = Listing.objects.select_related("seller", "jewelry").get(pk=obj.listing_id)
        services.listing_search_text_refresh(listing=listing)
        services.listing_reprice_from_spec(listing=listing, actor=request.user)


@admin.register(ListingImage)
class ListingImageAdmin(admin.ModelAdmin):
    list_display = ("listing", "position", "width", "height", "alt_text")
    search_fields = ("listing__sku", "listing__title")
    list_select_related = ("listing",)
    raw_id_fields = ("listing",)


@admin.register(BulkJob)
class BulkJobAdmin(admin.ModelAdmin):
    """A record of what a seller did in bulk (who, when, what, how it went): read only. Jobs are
    made by the bulk service from the seller centre or the seller API, never here."""

    list_display = ("id", "seller", "action", "status", "total", "processed", "done_count", "skipped_count",
                    "ignored_count", "created_by", "created_at", "finished_at")
    list_filter = ("action", "status")
    search_fields = ("seller__trade_name", "seller__slug", "created_by__username")
    list_select_related = ("seller", "created_by")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
