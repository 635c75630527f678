"""The shipping zones and flat rates: data staff edit in the admin."""

from django.contrib import admin

from .models import DutyRate, DutyRateChange, ShippingRate, ShippingZone


class ShippingRateInline(admin.TabularInline):
    model = ShippingRate
    extra = 0
    fields = ("seller", "method", "price", "currency", "days_min", "days_max")
    autocomplete_fields = ()
    raw_id_fields = ("seller",)


@admin.register(ShippingZone)
class ShippingZoneAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_rest_of_world", "position")
    search_fields = ("code", "name", "countries")
    list_filter = ("is_rest_of_world",)
    inlines = [ShippingRateInline]


@admin.register(ShippingRate)
class ShippingRateAdmin(admin.ModelAdmin):
    list_display = ("zone", "seller", "method", "price", "currency", "days_min", "days_max")
    list_filter = ("zone", "method")
    search_fields = ("seller__trade_name", "zone__name")
    list_select_related = ("zone", "seller")
    raw_id_fields = ("seller",)


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Duty rates change only through the council console's Duty rates page (which writes the
    history) or `gembazaar duty-rates-load`; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DutyRate)
class DutyRateAdmin(_ReadOnlyAdmin):
    list_display = ("country", "hs_prefix", "duty_percent", "vat_percent", "extra_percent", "year", "confidence")
    list_filter = ("country", "confidence", "year")
    search_fields = ("country", "hs_prefix", "source")


@admin.register(DutyRateChange)
class DutyRateChangeAdmin(_ReadOnlyAdmin):
    list_display = ("created_at", "country", "hs_prefix", "kind", "changed_by")
    list_filter = ("kind", "country")
    search_fields = ("country", "hs_prefix")
