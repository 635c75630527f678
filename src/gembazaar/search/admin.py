"""Search's tables for staff: the change log and the typo lexicon."""

from django.contrib import admin

from .models import SearchChange, SearchWord


@admin.register(SearchChange)
class SearchChangeAdmin(admin.ModelAdmin):
    """The search index's change log (written by database triggers). Adding a row for a listing
    makes every search process re-read that listing."""

    list_display = ("id", "listing_id", "seller_id", "created_at")
    list_filter = ("created_at",)
    search_fields = ("=listing_id", "=seller_id")
    readonly_fields = ("token",)


@admin.register(SearchWord)
class SearchWordAdmin(admin.ModelAdmin):
    """Words of listings' search text: the lexicon misspelt search words are corrected from."""

    list_display = ("word",)
    search_fields = ("word",)
