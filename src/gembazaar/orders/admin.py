"""Staff views of carts, orders and their logs (read-only: changes go through the services)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from gembazaar.core.errors import DomainError

from .models import (
    Cart,
    CartLine,
    Checkout,
    IdempotencyKey,
    Order,
    OrderEvent,
    OrderLine,
    StockReservation,
)
from .services import transitions


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    fields = ("sku", "title", "quantity", "unit_price", "line_total", "currency", "listing_price",
              "listing_currency", "fx_rate")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    fields = ("at", "actor_name", "actor_via", "role", "from_status", "to_status", "note_code", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(ReadOnlyAdmin):
    list_display = ("number", "status", "buyer", "seller", "total", "currency", "placed_at")
    list_filter = ("status", "shipping_method", "currency")
    search_fields = ("number", "checkout__reference", "buyer__email", "seller__trade_name", "tracking_number")
    list_select_related = ("buyer", "seller", "checkout")
    inlines = [OrderLineInline, OrderEventInline]
    actions = ["mark_paid"]

    def has_mark_paid_permission(self, request):
        return request.user.is_authenticated and request.user.is_council_staff

    @admin.action(description=_("Mark the selected orders paid (bank transfer received)"), permissions=["mark_paid"])
    def mark_paid(self, request, queryset):
        done = 0
        for order in queryset:
            try:
                transitions.order_mark_paid(order=order, actor=request.user)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{order.number}: {exc.message}", messages.WARNING)
        self.message_user(request, _("%(n)d order(s) marked paid.") % {"n": done})


@admin.register(Checkout)
class CheckoutAdmin(ReadOnlyAdmin):
    list_display = ("reference", "buyer", "grand_total", "currency", "payment_method", "created_at")
    search_fields = ("reference", "buyer__email")
    list_filter = ("currency", "payment_method")
    list_select_related = ("buyer",)


@admin.register(OrderEvent)
class OrderEventAdmin(ReadOnlyAdmin):
    list_display = ("order", "at", "actor_name", "actor_via", "role", "from_status", "to_status", "note_code")
    list_filter = ("role", "to_status", "note_code", "actor_via")
    search_fields = ("order__number", "actor_name", "note")
    list_select_related = ("order",)


@admin.register(StockReservation)
class StockReservationAdmin(ReadOnlyAdmin):
    list_display = ("listing", "quantity", "expires_at", "released_at", "converted_at")
    list_filter = ("released_at", "converted_at")
    search_fields = ("order_line__order__number", "listing__sku")
    list_select_related = ("listing",)


class CartLineInline(admin.TabularInline):
    model = CartLine
    extra = 0
    can_delete = False
    fields = ("listing", "quantity", "seen_price", "seen_currency", "locked_price", "locked_until")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Cart)
class CartAdmin(ReadOnlyAdmin):
    list_display = ("id", "user", "created_at", "updated_at")
    search_fields = ("user__email",)
    list_filter = ("created_at",)
    list_select_related = ("user",)
    inlines = [CartLineInline]


@admin.register(IdempotencyKey)
class IdempotencyKeyAdmin(ReadOnlyAdmin):
    list_display = ("key", "user", "checkout", "created_at")
    search_fields = ("key", "user__email", "checkout__reference")
    list_filter = ("created_at",)
    list_select_related = ("user", "checkout")


@admin.register(OrderLine)
class OrderLineAdmin(ReadOnlyAdmin):
    list_display = ("order", "sku", "title", "quantity", "unit_price", "currency")
    list_filter = ("kind", "currency")
    search_fields = ("order__number", "sku", "title")
    list_select_related = ("order",)


@admin.register(CartLine)
class CartLineAdmin(ReadOnlyAdmin):
    list_display = ("cart", "listing", "quantity", "seen_price", "seen_currency", "locked_until")
    list_filter = ("added_at",)
    search_fields = ("listing__sku", "cart__user__email")
    list_select_related = ("cart", "listing")
