"""The shipping zones and flat rates: data staff edit in the admin."""

from django.contrib import admin

from .models import ShippingRate, ShippingZone


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
