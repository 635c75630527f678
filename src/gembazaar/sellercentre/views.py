"""Seller centre pages: thin handlers over the catalogue's and sellers' services, scoped to request.seller."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gembazaar.accounts import services as account_services
from gembazaar.accounts.forms import SignUpForm
from gembazaar.accounts.permissions import seller_member_required
from gembazaar.catalogue import selectors as catalogue_selectors
from gembazaar.catalogue import services
from gembazaar.catalogue.models import Listing
from gembazaar.core.errors import DomainError, NotFound
from gembazaar.core.money import currency_choices
from gembazaar.sellers import invitations
from gembazaar.sellers import services as seller_services
from gembazaar.shipping import selectors as shipping_selectors
from gembazaar.shipping import services as shipping_services

from . import selectors
from .forms import (
    InvitationForm,
    ListingForm,
    ShippingRateForm,
    listing_initial,
    shipping_rate_initial,
    variety_choices,
)
from .redirects import back_url as _back

PAGE_SIZE = 24
ACTIONS = {
    "publish": services.listing_publish,
    "unpublish": services.listing_unpublish,
    "archive": services.listing_archive,
    "duplicate": services.listing_duplicate,
}


def _own_listing(request: HttpRequest, listing_id: int) -> Listing:
    try:
        return catalogue_selectors.listing_get_for_seller(seller=request.seller, listing_id=listing_id)
    except Listing.DoesNotExist:
        raise Http404 from None


@require_GET
@seller_member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    seller = request.seller
    return render(request, "sellercentre/dashboard.html", {
        "counts": selectors.listing_counts_by_status(seller=seller),
        "recent": selectors.listings_for_seller(seller=seller)[:5],
        "own_shipping_rates": shipping_selectors.shipping_own_rate_count(seller=seller),
        "sc_section": "dashboard",
    })


@require_GET
@seller_member_required
def listing_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = Paginator(selectors.listings_for_seller(seller=request.seller, status=status), PAGE_SIZE) \
        .get_page(request.GET.get("page"))
    return render(request, "sellercentre/listing_list.html", {
        "page": page, "status": status if status in Listing.Status.values else "",
        "statuses": Listing.Status.choices, "sc_section": "listings",
        "currencies": selectors.listing_currencies(seller=request.seller),  # for the bulk price change
    })


@require_POST
@seller_member_required
def listing_action(request: HttpRequest, listing_id: int, action: str) -> HttpResponse:
    service = ACTIONS.get(action)
    if service is None:
        raise Http404
    listing = _own_listing(request, listing_id)
    try:
        result = service(listing=listing)
    except DomainError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if action == "duplicate":
            messages.success(request, _("Copied as draft %(sku)s.") % {"sku": result.sku})
            return redirect("sellercentre:listing_edit", listing_id=result.pk)
        messages.success(request, _("%(title)s is now %(status)s.")
                         % {"title": listing.title, "status": listing.get_status_display()})
    return redirect(_back(request, "sellercentre:listings"))


@require_http_methods(["GET", "POST"])
@seller_member_required
def listing_new(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in Listing.Kind.values:
        return render(request, "sellercentre/listing_kind.html", {"kinds": Listing.Kind.choices,
                                                                   "sc_section": "listings"})
    form = ListingForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_create(seller=request.seller, kind=kind, **form.service_arguments())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Draft %(sku)s saved. Add pictures, then publish.") % {"sku": listing.sku})
            return redirect("sellercentre:listing_edit", listing_id=listing.pk)
    return render(request, "sellercentre/listing_form.html", {"form": form, "kind": kind, "listing": None,
                                                               "sc_section": "listings"})


@require_http_methods(["GET", "POST"])
@seller_member_required
def listing_edit(request: HttpRequest, listing_id: int) -> HttpResponse:
    listing = _own_listing(request, listing_id)
    form = ListingForm(request.POST or None, kind=listing.kind, initial=listing_initial(listing))
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(listing=listing, actor=request.user, **form.service_arguments())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("sellercentre:listing_edit", listing_id=listing.pk)
    return _edit_page(request, listing, form, status=400 if form.errors else 200)


def _edit_page(request: HttpRequest, listing, form: ListingForm | None = None, *,
               picture_errors: list[str] | None = None, status: int = 200) -> HttpResponse:
    form = form or ListingForm(kind=listing.kind, initial=listing_initial(listing))
    return render(request, "sellercentre/listing_form.html", {
        "form": form, "kind": listing.kind, "listing": listing, "images": list(listing.images.all()),
        "picture_errors": picture_errors or [], "sc_section": "listings"}, status=status)


@require_GET
@seller_member_required
def varieties(request: HttpRequest) -> HttpResponse:
    """The <option>s of the variety select for one species (htmx swaps them in)."""
    return render(request, "sellercentre/_variety_options.html",
                  {"choices": variety_choices(request.GET.get("species", ""))})


@require_POST
@seller_member_required
def image_upload(request: HttpRequest, listing_id: int) -> HttpResponse:
    listing = _own_listing(request, listing_id)
    files = request.FILES.getlist("images")
    refused = [] if files else [_("Choose one or more pictures to upload.")]
    added = 0
    for upload in files:
        try:
            services.listing_image_add(listing=listing, data=upload.read())
        except (ValidationError, DomainError) as exc:
            text = exc.message if isinstance(exc, DomainError) else " ".join(exc.messages)
            refused.append(_("%(name)s: %(reason)s") % {"name": upload.name, "reason": text})
        else:
            added += 1
    if not added:  # nothing changed: say why in place, with a status scripts and tests can tell
        return _edit_page(request, listing, picture_errors=refused, status=400)
    messages.success(request, _("%(count)d picture(s) added.") % {"count": added})
    for reason in refused:  # some went in: the page that shows them, with what was refused
        messages.error(request, reason)
    return redirect("sellercentre:listing_edit", listing_id=listing.pk)


@require_POST
@seller_member_required
def image_reorder(request: HttpRequest, listing_id: int) -> HttpResponse:
    """The new order of picture ids, from drag-and-drop."""
    listing = _own_listing(request, listing_id)
    try:
        image_ids = [int(value) for value in request.POST.getlist("image_ids")]
        services.listing_images_reorder(listing=listing, image_ids=image_ids)
    except (ValueError, DomainError):
        return HttpResponseBadRequest(_("Give every picture of this listing exactly once."))
    if request.htmx or request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect("sellercentre:listing_edit", listing_id=listing.pk)


@require_POST
@seller_member_required
def image_move(request: HttpRequest, listing_id: int, image_id: int) -> HttpResponse:
    """Up / down buttons: the no-JS way to reorder pictures."""
    listing = _own_listing(request, listing_id)
    order = list(listing.images.order_by("position", "id").values_list("id", flat=True))
    if image_id not in order:
        raise Http404
    index = order.index(image_id)
    other = index - 1 if request.POST.get("direction") == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
        services.listing_images_reorder(listing=listing, image_ids=order)
    return redirect("sellercentre:listing_edit", listing_id=listing.pk)


@require_http_methods(["GET", "POST"])
@seller_member_required(owner_only=True)
def team(request: HttpRequest) -> HttpResponse:
    """The business's members and open invitations; the owner invites people by email."""
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = invitations.seller_invitation_create(
                seller=request.seller, invited_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s. They join when they accept it.")
                             % {"email": invitation.email})
            return redirect("sellercentre:team")
    return render(request, "sellercentre/team.html", {
        "form": form, "members": request.seller.members.select_related("user").order_by("role", "id"),
        "invitations": request.seller.invitations.open().select_related("invited_by").order_by("-created_at", "-id"),
        "invitation_days": settings.SELLER_INVITATION_DAYS, "sc_section": "team"},
        status=400 if form.errors else 200)


@require_POST
@seller_member_required(owner_only=True)
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    try:
        invitation = invitations.seller_invitation_revoke(seller=request.seller, invitation_id=invitation_id)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email})
    return redirect("sellercentre:team")


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: who invites whom, then a button. Not gated: the invitee is not a member yet.

    Anonymous visitors are offered to sign in or create an account (the invited address filled
    in), both coming back here. GET never accepts: a mail scanner opening the link changes nothing.
    """
    try:
        invitation = invitations.seller_invitation_get_by_token(token=token)
    except NotFound as exc:
        return render(request, "sellercentre/invitation_accept.html", {"error": exc.message}, status=404)
    user = request.user
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), resolve_url("login"))
        try:
            member = invitations.seller_invitation_accept(token=token, user=user)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("sellercentre:invitation_accept", token=token)
        account_services.acting_seller_choose(user=user, session=request.session, seller_id=member.seller_id)
        messages.success(request, _("Welcome to %(seller)s: you are a member now, as %(role)s.")
                         % {"seller": member.seller.trade_name, "role": member.get_role_display()})
        return redirect("sellercentre:dashboard")
    problem = None
    if user.is_authenticated:
        try:
            invitations.seller_invitation_check(invitation=invitation, user=user)
        except DomainError as exc:
            problem = exc
    else:
        try:
            invitations.seller_invitation_check(invitation=invitation, user=None)
        except seller_services.NotPermitted:
            pass  # only "sign in": offered below
        except DomainError as exc:
            problem = exc
    return render(request, "sellercentre/invitation_accept.html", {
        "invitation": invitation, "problem": problem,
        "signup_form": None if user.is_authenticated else SignUpForm(initial={"email": invitation.email}),
        "here": request.get_full_path(),
    }, status=200 if problem is None or problem.code in ("email_mismatch", "email_unconfirmed") else 410)


# --- Shipping rates --------------------------------------------------------------------------


def _may_edit_shipping(request: HttpRequest) -> bool:
    """Owners set the business's shipping rates; staff see them."""
    return request.seller_membership.role == "owner"


def _shipping_row(request: HttpRequest, zone_code: str, method: str) -> shipping_selectors.RateRow:
    try:
        return shipping_selectors.shipping_rate_row(seller=request.seller, zone_code=zone_code, method=method)
    except NotFound:
        raise Http404 from None


@require_GET
@seller_member_required
def shipping(request: HttpRequest) -> HttpResponse:
    """Every zone × method: the platform default and the seller's own rate, with links to change them."""
    return render(request, "sellercentre/shipping.html", {
        "rows": shipping_selectors.shipping_rates_for_seller(seller=request.seller),
        "may_edit": _may_edit_shipping(request),
        "rates_locked": not shipping_selectors.seller_may_set_rates(request.seller),
        "sc_section": "shipping"})


@require_http_methods(["GET", "POST"])
@seller_member_required(owner_only=True)
def shipping_rate_edit(request: HttpRequest, zone_code: str, method: str) -> HttpResponse:
    """Set or change the seller's own rate for one zone and method."""
    row = _shipping_row(request, zone_code, method)
    form = ShippingRateForm(request.POST if request.method == "POST" else None,
                            initial=shipping_rate_initial(row.effective))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                shipping_services.shipping_rate_set(seller=request.seller, zone_code=row.zone.code,
                                                    method=row.method, **form.cleaned_data)
            except DomainError as exc:
                form.add_service_error(exc.field, exc.message)
                status = exc.status
            else:
                messages.success(request, _("Your %(method)s rate to %(zone)s is saved.")
                                 % {"method": row.method_label.lower(), "zone": row.zone.label})
                return redirect("sellercentre:shipping")
        else:
            status = 400
    return render(request, "sellercentre/shipping_form.html", {
        "form": form, "row": row, "currencies": currency_choices(),
        "rates_locked": not shipping_selectors.seller_may_set_rates(request.seller),
        "sc_section": "shipping"}, status=status)


@require_POST
@seller_member_required(owner_only=True)
def shipping_rate_remove(request: HttpRequest, zone_code: str, method: str) -> HttpResponse:
    """Remove the seller's own rate: buyers are charged the platform default again."""
    row = _shipping_row(request, zone_code, method)
    try:
        removed = shipping_services.shipping_rate_clear(seller=request.seller, zone_code=row.zone.code,
                                                        method=row.method)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("sellercentre:shipping")
    if removed:
        messages.success(request, _("Your %(method)s rate to %(zone)s is removed: the platform default applies.")
                         % {"method": row.method_label.lower(), "zone": row.zone.label})
    else:
        messages.info(request, _("You had no rate of your own there: the platform default applies."))
    return redirect("sellercentre:shipping")
