"""Seller centre pages for API keys: owners list, create and revoke their business's keys."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gembazaar.accounts.permissions import seller_member_required
from gembazaar.sellers import api_keys as key_services
from gembazaar.sellers.models import SellerApiKey


@seller_member_required(owner_only=True)
def api_keys(request: HttpRequest) -> HttpResponse:
    """The seller's keys; a POST creates one and shows its plaintext this once."""
    created = plaintext = None
    if request.method == "POST":
        created, plaintext = key_services.api_key_create(seller=request.seller, name=request.POST.get("name", ""),
                                                     created_by=request.user)
    return render(request, "sellerapi/api_keys.html", {
        "keys": SellerApiKey.objects.filter(seller=request.seller), "created": created,
        "plaintext": plaintext, "sc_section": "api_keys"})


@require_POST
@seller_member_required(owner_only=True)
def api_key_revoke(request: HttpRequest, key_id: int) -> HttpResponse:
    try:
        key = key_services.api_key_revoke(seller=request.seller, key_id=key_id)
    except SellerApiKey.DoesNotExist as exc:
        raise Http404(_("No such API key.")) from exc
    messages.success(request, _("The key “%(name)s” is revoked.") % {"name": key.name})
    return redirect("sellerapi:api_keys")
