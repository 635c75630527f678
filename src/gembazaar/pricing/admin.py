"""Low-level staff tools. Rates are history: they can be added (through the services, so the
same validation and repricing apply) but never edited or deleted."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from . import services
from .models import FXRate, ListingPriceChange, MetalRate


class _AppendOnlyAdmin(admin.ModelAdmin):
    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class MetalRateForm(forms.ModelForm):
    confirm = forms.BooleanField(required=False, help_text="Record a rate more than 50 % away from the last one.")

    class Meta:
        model = MetalRate
        fields = ["metal", "fineness", "unit", "price", "currency", "source", "effective_at"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.clean_rate = services.clean_metal_rate(**{k: cleaned.get(k) for k in self.Meta.fields},
                                                        confirm=cleaned.get("confirm", False))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned


@admin.register(MetalRate)
class MetalRateAdmin(_AppendOnlyAdmin):
    form = MetalRateForm
    list_display = ["metal", "fineness", "price", "currency", "unit", "price_per_gram", "source", "effective_at"]
    list_filter = ["metal", "currency", "unit", "source"]
    date_hierarchy = "effective_at"

    def save_model(self, request, obj, form, change):
        rate = services.record_metal_rate(**{k: form.cleaned_data.get(k) for k in MetalRateForm.Meta.fields},
                                          confirm=form.cleaned_data.get("confirm", False), recorded_by=request.user)
        obj.pk = rate.pk


class FXRateForm(forms.ModelForm):
    confirm = forms.BooleanField(required=False)

    class Meta:
        model = FXRate
        fields = ["currency", "per_usd", "source", "effective_at"]


@admin.register(FXRate)
class FXRateAdmin(_AppendOnlyAdmin):
    form = FXRateForm
    list_display = ["currency", "per_usd", "source", "effective_at"]
    list_filter = ["currency", "source"]

    def save_model(self, request, obj, form, change):
        rate = services.record_fx_rate(**{k: form.cleaned_data.get(k) for k in FXRateForm.Meta.fields},
                                       confirm=form.cleaned_data.get("confirm", False), recorded_by=request.user)
        obj.pk = rate.pk


@admin.register(ListingPriceChange)
class ListingPriceChangeAdmin(admin.ModelAdmin):
    list_display = ["listing", "old_price", "new_price", "currency", "old_reference", "new_reference", "cause", "at"]
    list_filter = ["cause", "currency"]
    raw_id_fields = ["listing", "metal_rate", "fx_rate"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
