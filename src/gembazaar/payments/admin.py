"""Staff views of payments and their ledgers (read-only: money moves through the services)."""

from django.contrib import admin

from . import payouts as payout_services
from .models import (
    Dispute,
    DisputeEvent,
    DisputeOffer,
    DisputePhoto,
    Invoice,
    InvoiceCounter,
    Payment,
    PaymentEntry,
    Payout,
    PayoutAccount,
    PayoutEntry,
    PayoutRelease,
    Refund,
)


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


# --- Seller payouts (payouts.py writes; the admin reads, and sets a commission through the service) ---


@admin.register(PayoutEntry)
class PayoutEntryAdmin(ReadOnlyAdmin):
    list_display = ("seller", "kind", "amount", "currency", "order", "payout", "recorded_by_name", "created_at")
    list_filter = ("kind", "currency")
    search_fields = ("seller__trade_name", "order__number")
    list_select_related = ("seller", "order", "payout")


@admin.register(Payout)
class PayoutAdmin(ReadOnlyAdmin):
    list_display = ("pk", "seller", "amount", "currency", "status", "bank_reference", "requested_at", "sent_at")
    list_filter = ("status",)
    search_fields = ("seller__trade_name", "bank_reference")
    list_select_related = ("seller",)


@admin.register(PayoutRelease)
class PayoutReleaseAdmin(ReadOnlyAdmin):
    list_display = ("order", "seller", "released_at")
    list_select_related = ("order", "seller")


@admin.register(PayoutAccount)
class PayoutAccountAdmin(admin.ModelAdmin):
    list_display = ("seller", "commission_percent", "commission_set_by_name", "commission_set_at")
    fields = ("seller", "commission_percent", "commission_set_by_name", "commission_set_at")
    readonly_fields = ("seller", "commission_set_by_name", "commission_set_at")
    search_fields = ("seller__trade_name",)
    list_select_related = ("seller",)

    def has_add_permission(self, request, obj=None):
        return False  # an account appears with the seller's first ledger entry or commission

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        payout_services.payout_commission_set(seller=obj.seller, percent=obj.commission_percent, actor=request.user)


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    """Issued invoices (numbers are taken by payments.invoices, never typed); the PDF is on the
    council's order page."""

    list_display = ("number", "order", "seller", "issued_at")
    search_fields = ("number", "order__number", "seller__trade_name")
    list_select_related = ("order", "seller")
    date_hierarchy = "issued_at"



# --- Disputes (payments/disputes.py): read-only here; every step goes through the dispute pages ---



class DisputeEventInline(admin.TabularInline):
    model = DisputeEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "detail", "role", "actor_name", "amount", "currency", "text")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DisputeOfferInline(DisputeEventInline):
    model = DisputeOffer
    fields = ("created_at", "kind", "amount", "currency", "made_by_role", "status", "answered_at", "note")
    readonly_fields = fields


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = ("pk", "order", "reason", "status", "outcome", "opened_at", "negotiate_until", "escalated_at")
    list_filter = ("status", "reason", "outcome")
    search_fields = ("order__number", "buyer__email", "order__seller__trade_name")
    list_select_related = ("order",)
    inlines = [DisputeOfferInline, DisputeEventInline]


@admin.register(DisputeEvent)
class DisputeEventAdmin(ReadOnlyAdmin):
    """The audit trail: nobody edits or deletes it (the model refuses too)."""

    list_display = ("dispute", "kind", "role", "actor_name", "amount", "currency", "at")
    list_filter = ("kind", "role")
    search_fields = ("dispute__order__number", "actor_name")
    list_select_related = ("dispute",)


@admin.register(InvoiceCounter)
class InvoiceCounterAdmin(ReadOnlyAdmin):
    """The last invoice number each seller used in a year (moved only by issuing an invoice)."""

    list_display = ("seller", "year", "last_number")
    list_filter = ("year",)
    search_fields = ("seller__trade_name",)
    list_select_related = ("seller",)


@admin.register(DisputeOffer)
class DisputeOfferAdmin(ReadOnlyAdmin):
    list_display = ("dispute", "kind", "amount", "currency", "made_by_role", "status", "created_at")
    list_filter = ("kind", "status", "made_by_role")
    search_fields = ("dispute__order__number",)
    list_select_related = ("dispute",)


@admin.register(DisputePhoto)
class DisputePhotoAdmin(ReadOnlyAdmin):
    """Evidence photos, listed for reference; open them from the council's dispute page."""

    list_display = ("pk", "event", "width", "height")
    fields = ("event", "width", "height")  # the files are private: they have no URL to link to
    search_fields = ("event__dispute__order__number",)
    list_select_related = ("event",)


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    """Money to go back to buyers: sent by the card provider, or by staff from the console's payment page."""

    list_display = ("payment", "order", "amount", "currency", "status", "provider", "requested_by_name", "created_at")
    list_filter = ("status", "provider", "currency")
    search_fields = ("payment__reference", "order__number", "provider_refund_id")
    list_select_related = ("payment", "order")
