"""Staff views of payments and their ledgers (read-only: money moves through the services)."""

from django.contrib import admin

from .models import Payment, PaymentEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PaymentEntryInline(admin.TabularInline):
    model = PaymentEntry
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "amount", "currency", "fx_rate", "provider_event_id", "recorded_by_name", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("reference", "status", "provider", "amount_due", "currency", "created_at")
    list_filter = ("status", "provider", "currency")
    search_fields = ("reference", "checkout__buyer__email")
    list_select_related = ("checkout",)
    inlines = [PaymentEntryInline]


@admin.register(PaymentEntry)
class PaymentEntryAdmin(ReadOnlyAdmin):
    list_display = ("payment", "kind", "amount", "currency", "provider_event_id", "recorded_by_name", "created_at")
    list_filter = ("kind", "provider", "currency")
    search_fields = ("payment__reference", "provider_event_id", "idempotency_key")
    list_select_related = ("payment",)
