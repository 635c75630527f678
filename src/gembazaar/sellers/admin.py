from django.contrib import admin
from django.db.models import Count

from .models import Seller, SellerMember


class SellerMemberInline(admin.TabularInline):
    model = SellerMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ("trade_name", "legal_name", "city", "country", "status", "verified_at", "listing_count",
                    "council_membership_no")
    list_filter = ("status", "city", "country")
    search_fields = ("trade_name", "legal_name", "slug", "council_membership_no", "city")
    prepopulated_fields = {"slug": ("trade_name",)}
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "created_at"
    inlines = [SellerMemberInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_listing_count=Count("listings"))

    @admin.display(ordering="_listing_count", description="listings")
    def listing_count(self, obj):
        return obj._listing_count


@admin.register(SellerMember)
class SellerMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "seller", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__username", "seller__trade_name")
    autocomplete_fields = ["user", "seller"]
    list_select_related = ("user", "seller")
