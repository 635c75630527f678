"""The seller centre's Returns page: the business's returns policy as buyers read it, and the form
to set it. Owners change it; staff see it. Thin: sellers.services writes, scoped to request.seller
(no seller id is ever taken from the request)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gembazaar.accounts.permissions import seller_member_required
from gembazaar.sellers import selectors as seller_selectors
from gembazaar.sellers import services as seller_services
from gembazaar.sellers.returns import buyer_protection_days

from .forms import ReturnsPolicyForm, returns_policy_initial


@require_GET
@seller_member_required
def returns_policy(request: HttpRequest) -> HttpResponse:
    """The policy buyers see on the business's listings, at checkout and in their orders."""
    return render(request, "sellercentre/returns.html", {
        "policy": seller_selectors.seller_returns_policy(seller=request.seller),
        "terms": request.seller.returns_terms,
        "may_edit": request.seller_membership.role == "owner",
        "sc_section": "returns"})


@require_http_methods(["GET", "POST"])
@seller_member_required(owner_only=True)
def returns_policy_edit(request: HttpRequest) -> HttpResponse:
    """Set or change the policy; errors name the field (400) and nothing is saved."""
    policy = seller_selectors.seller_returns_policy(seller=request.seller)
    form = ReturnsPolicyForm(request.POST if request.method == "POST" else None,
                             initial=returns_policy_initial(policy))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                seller_services.returns_policy_set(seller=request.seller, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Your returns policy is saved."))
                return redirect("sellercentre:returns_policy")
        status = 400
    return render(request, "sellercentre/returns_form.html", {
        "form": form, "policy": policy, "protection_days": buyer_protection_days(), "sc_section": "returns"},
        status=status)


@require_POST
@seller_member_required(owner_only=True)
def returns_policy_remove(request: HttpRequest) -> HttpResponse:
    """Remove the policy: buyers see the marketplace minimum again."""
    if seller_services.returns_policy_clear(seller=request.seller):
        messages.success(request, _("Your returns policy is removed: the marketplace minimum applies."))
    else:
        messages.info(request, _("You had no returns policy of your own: the marketplace minimum applies."))
    return redirect("sellercentre:returns_policy")
