"""Low-level staff tools for sellers. Verification decisions belong in the council console
(/council/); here the status can only change through the same service (an "add" on the status
log), documents are reachable only through the protected download link, and the log cannot be
edited or deleted."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import api_keys, invitations, services
from .models import (
    STATUSES_NEEDING_REASON,
    ReturnsPolicy,
    Seller,
    SellerApiKey,
    SellerDocument,
    SellerInvitation,
    SellerMember,
    SellerStatusEvent,
)
from .returns import SELLER_CONDITIONS
from .validation import check_document


def download_link(document: SellerDocument) -> str:
    return format_html('<a href="{}">{}</a>', reverse("seller_document_download", args=[document.pk]),
                       _("Download"))


class SellerMemberInline(admin.TabularInline):
    model = SellerMember
    extra = 0
    autocomplete_fields = ["user"]


class SellerDocumentInline(admin.TabularInline):
    model = SellerDocument
    extra = 0
    can_delete = False
    fields = ("kind", "original_name", "content_type", "size", "uploaded_at", "uploaded_by", "download")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        return download_link(obj)


class SellerStatusEventInline(admin.TabularInline):
    model = SellerStatusEvent
    extra = 0
    can_delete = False
    fields = ("at", "from_status", "to_status", "actor_name", "reason")
    readonly_fields = fields
    ordering = ("-at", "-id")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


RETURNS_FIELDS = ("accepts_returns", "window_days", "conditions", "return_shipping_paid_by", "refund_method",
                  "refund_days", "note")


class ReturnsPolicyForm(forms.ModelForm):
    """The seller's returns policy, conditions as checkboxes; the model's rules check it (returns.py)."""

    conditions = forms.MultipleChoiceField(label=_("conditions"), choices=SELLER_CONDITIONS, required=False,
                                           widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ReturnsPolicy
        fields = ("seller", *RETURNS_FIELDS)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("accepts_returns") is False:  # no returns: no window, no conditions (as the service keeps it)
            cleaned["window_days"], cleaned["conditions"] = 0, []
        return cleaned


class ReturnsPolicyFormSet(forms.BaseInlineFormSet):
    """Saved through the sellers services (the same rules, the page cache told), never by the form itself."""

    actor = None  # set per request by ReturnsPolicyInline.get_formset

    def save_new(self, form, commit=True):
        return services.returns_policy_set(seller=self.instance, actor=self.actor,
                                           **{name: form.cleaned_data[name] for name in RETURNS_FIELDS})

    def save_existing(self, form, obj, commit=True):
        return self.save_new(form, commit)

    def delete_existing(self, obj, commit=True):
        services.returns_policy_clear(seller=self.instance)


class ReturnsPolicyInline(admin.StackedInline):
    model = ReturnsPolicy
    form = ReturnsPolicyForm
    formset = ReturnsPolicyFormSet
    fields = RETURNS_FIELDS
    extra = 1
    max_num = 1
    verbose_name = _("returns policy (empty: the marketplace minimum applies)")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type("ReturnsPolicyFormSetFor", (formset,), {"actor": request.user})


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = ("trade_name", "legal_name", "city", "country", "status", "verified_at", "applied_at",
                    "listing_count", "council_membership_no", "tax_number")
    list_filter = ("status", "city", "country")
    search_fields = ("trade_name", "legal_name", "slug", "council_membership_no", "tax_number", "phone", "city")
    prepopulated_fields = {"slug": ("trade_name",)}
    # The status moves only through the services (audit row + email): see the council console.
    readonly_fields = ("status", "verified_at", "applied_at", "created_at", "updated_at", "console_link")
    date_hierarchy = "created_at"
    inlines = [ReturnsPolicyInline, SellerMemberInline, SellerDocumentInline, SellerStatusEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_listing_count=Count("listings"))

    @admin.display(ordering="_listing_count", description="listings")
    def listing_count(self, obj):
        return obj._listing_count

    @admin.display(description=_("verification"))
    def console_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("council:seller_detail", args=[obj.pk]),
                           _("Decide in the council console"))


@admin.register(ReturnsPolicy)
class ReturnsPolicyAdmin(admin.ModelAdmin):
    """Every seller's policy at a glance; edits go through the same service as the seller centre."""

    form = ReturnsPolicyForm
    list_display = ("seller", "accepts_returns", "window_days", "return_shipping_paid_by", "refund_method",
                    "refund_days", "updated_at", "updated_by")
    list_filter = ("accepts_returns", "return_shipping_paid_by", "refund_method")
    search_fields = ("seller__trade_name", "seller__slug", "note")
    list_select_related = ("seller", "updated_by")
    autocomplete_fields = ["seller"]
    readonly_fields = ("updated_at", "updated_by")

    def get_fields(self, request, obj=None):
        return ("seller", *RETURNS_FIELDS, *self.readonly_fields) if obj is None else \
            (*RETURNS_FIELDS, *self.readonly_fields)

    def save_model(self, request, obj, form, change):
        seller = obj.seller if change else form.cleaned_data["seller"]
        saved = services.returns_policy_set(seller=seller, actor=request.user,
                                            **{name: form.cleaned_data[name] for name in RETURNS_FIELDS})
        obj.pk, obj._state.adding = saved.pk, False

    def delete_model(self, request, obj):
        services.returns_policy_clear(seller=obj.seller)

    def delete_queryset(self, request, queryset):
        for policy in queryset.select_related("seller"):
            services.returns_policy_clear(seller=policy.seller)


@admin.register(SellerMember)
class SellerMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "seller", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__username", "seller__trade_name")
    autocomplete_fields = ["user", "seller"]
    list_select_related = ("user", "seller")


class DocumentAddForm(forms.ModelForm):
    """Add a document: the upload is checked by content and stored by the service."""

    upload = forms.FileField(label=_("file"), help_text=_("PDF, JPEG or PNG."))
    actor = None  # set per request by SellerDocumentAdmin.get_form

    class Meta:
        model = SellerDocument
        fields = ("seller", "kind")

    def clean(self):
        if self.actor is None or not self.actor.is_council_staff:
            raise ValidationError(_("Only council staff can file a seller's documents."))
        return super().clean()

    def clean_upload(self):
        try:
            return check_document(self.cleaned_data["upload"], field="upload")
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["upload"]) from None


@admin.register(SellerDocument)
class SellerDocumentAdmin(admin.ModelAdmin):
    list_display = ("seller", "kind", "original_name", "content_type", "size", "uploaded_at", "uploaded_by",
                    "download")
    list_filter = ("kind", "content_type", "seller__status")
    search_fields = ("seller__trade_name", "seller__legal_name", "original_name", "sha256")
    list_select_related = ("seller", "uploaded_by")
    autocomplete_fields = ["seller"]
    date_hierarchy = "uploaded_at"
    # The file field is never shown: no storage path, no URL, only the protected link.
    readonly_fields = ("seller", "kind", "original_name", "content_type", "size", "sha256", "uploaded_by",
                       "uploaded_at", "download")
    fields = readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = type("DocumentAddFormFor", (DocumentAddForm,), {"actor": request.user})
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ("seller", "kind", "upload") if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        saved = services.seller_document_add(seller=form.cleaned_data["seller"], kind=form.cleaned_data["kind"],
                                             document=form.cleaned_data["upload"], actor=request.user)
        obj.pk, obj._state.adding = saved.pk, False

    @admin.display(description=_("file"))
    def download(self, obj):
        return download_link(obj)


class StatusChangeForm(forms.ModelForm):
    """Adding a row = making a transition through the status machine (same rules as the console)."""

    actor = None  # set per request by SellerStatusEventAdmin.get_form

    class Meta:
        model = SellerStatusEvent
        fields = ("seller", "to_status", "reason")

    def clean(self):
        cleaned = super().clean()
        seller, to_status = cleaned.get("seller"), cleaned.get("to_status")
        if self.actor is None or not self.actor.is_council_staff:
            raise ValidationError(_("Only council staff can change a seller's verification."))
        if seller and to_status:
            if services.ALLOWED_TRANSITIONS.get((seller.status, to_status)) != services.COUNCIL:
                raise ValidationError(_("A seller that is “%(from)s” cannot become “%(to)s” here.")
                                      % {"from": seller.get_status_display(),
                                         "to": Seller.Status(to_status).label})
            if to_status in STATUSES_NEEDING_REASON and not (cleaned.get("reason") or "").strip():
                self.add_error("reason", _("Give the reason: the seller reads it."))
        return cleaned


@admin.register(SellerStatusEvent)
class SellerStatusEventAdmin(admin.ModelAdmin):
    list_display = ("at", "seller", "from_status", "to_status", "actor_name", "short_reason")
    list_filter = ("to_status", "from_status", ("at", admin.DateFieldListFilter))
    search_fields = ("seller__trade_name", "seller__legal_name", "actor_name", "reason")
    list_select_related = ("seller",)
    autocomplete_fields = ["seller"]
    date_hierarchy = "at"
    readonly_fields = ("seller", "at", "from_status", "to_status", "actor", "actor_name", "reason")

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = type("StatusChangeFormFor", (StatusChangeForm,), {"actor": request.user})
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ("seller", "to_status", "reason") if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        event = services.seller_transition(seller=form.cleaned_data["seller"],
                                           to_status=form.cleaned_data["to_status"], actor=request.user,
                                           reason=form.cleaned_data["reason"])
        obj.pk, obj._state.adding = event.pk, False

    @admin.display(description=_("reason"))
    def short_reason(self, obj):
        return (obj.reason[:80] + "…") if len(obj.reason) > 80 else obj.reason


class InvitationAddForm(forms.ModelForm):
    """Adding an invitation = sending one through the service (same rules and email as the Team page)."""

    actor = None  # set per request by SellerInvitationAdmin.get_form

    class Meta:
        model = SellerInvitation
        fields = ("seller", "email", "role")

    def clean(self):
        cleaned = super().clean()
        seller, email = cleaned.get("seller"), (cleaned.get("email") or "").strip()
        if self.actor is None or not self.actor.is_council_staff:
            raise ValidationError(_("Only council staff can invite people from the admin."))
        if seller and email:
            if SellerMember.objects.filter(seller=seller, user__email__iexact=email).exists():
                self.add_error("email", _("%(email)s is already a member.") % {"email": email})
            elif SellerInvitation.objects.open().filter(seller=seller, email__iexact=email,
                                                        expires_at__gt=timezone.now()).exists():
                self.add_error("email", _("%(email)s already has a pending invitation. Revoke it to send a new "
                                          "one.") % {"email": email})
        return cleaned


@admin.register(SellerInvitation)
class SellerInvitationAdmin(admin.ModelAdmin):
    """Invitations are read here and revoked with an action; the token is never shown (only its hash is kept)."""

    list_display = ("email", "seller", "role", "state", "invited_by", "created_at", "expires_at", "accepted_at",
                    "accepted_by", "revoked_at")
    list_filter = ("role", ("created_at", admin.DateFieldListFilter), ("accepted_at", admin.EmptyFieldListFilter),
                   ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("email", "seller__trade_name", "invited_by__email", "accepted_by__email")
    list_select_related = ("seller", "invited_by", "accepted_by")
    autocomplete_fields = ["seller"]
    date_hierarchy = "created_at"
    readonly_fields = ("seller", "email", "role", "state", "invited_by", "created_at", "expires_at", "accepted_at",
                       "accepted_by", "revoked_at")
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = type("InvitationAddFormFor", (InvitationAddForm,), {"actor": request.user})
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ("seller", "email", "role") if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return
        invitation, _token = invitations.seller_invitation_create(
            seller=form.cleaned_data["seller"], email=form.cleaned_data["email"], role=form.cleaned_data["role"],
            invited_by=request.user)
        obj.pk, obj._state.adding = invitation.pk, False

    @admin.display(description=_("state"))
    def state(self, obj):
        return obj.status if obj.pk else "—"

    @admin.action(description=_("Revoke the selected invitations"))
    def revoke(self, request, queryset):
        revoked = 0
        for invitation in queryset.open().select_related("seller"):
            invitations.seller_invitation_revoke(seller=invitation.seller, invitation_id=invitation.pk)
            revoked += 1
        self.message_user(request, _("%(count)d invitation(s) revoked.") % {"count": revoked})


@admin.register(SellerApiKey)
class SellerApiKeyAdmin(admin.ModelAdmin):
    """Staff see which keys a seller has and when each was last used, and can revoke one (a leaked
    key reported to the council); keys are created only by the seller's owner, shown once."""

    list_display = ("name", "seller", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at", "created_at")
    search_fields = ("name", "prefix", "seller__trade_name")
    list_select_related = ("seller",)
    readonly_fields = ("seller", "name", "prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    exclude = ("hashed_key",)
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        revoked = 0
        for key in queryset.filter(revoked_at__isnull=True).select_related("seller"):
            api_keys.api_key_revoke(seller=key.seller, key_id=key.pk)
            revoked += 1
        self.message_user(request, _("%(count)d key(s) revoked.") % {"count": revoked})
