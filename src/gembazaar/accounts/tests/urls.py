"""Test-only pages behind each gate, mounted in front of the site's own URLs."""

from django.http import HttpResponse
from django.urls import include, path
from django.views import View

from gembazaar.accounts.permissions import (
    CouncilStaffRequiredMixin,
    SellerMemberRequiredMixin,
    council_staff_required,
    email_confirmed_required,
    seller_member_required,
)


@council_staff_required
def council_page(request):
    return HttpResponse("council console")


@seller_member_required
def seller_page(request):
    return HttpResponse(f"seller centre of {request.seller.slug} as {request.seller_membership.role}")


@seller_member_required(owner_only=True)
def owner_page(request):
    return HttpResponse(f"owner page of {request.seller.slug}")


@email_confirmed_required
def checkout_page(request):
    return HttpResponse("checkout")


class CouncilView(CouncilStaffRequiredMixin, View):
    def get(self, request):
        return HttpResponse("council class view")


class OwnerView(SellerMemberRequiredMixin, View):
    seller_owner_only = True

    def get(self, request):
        return HttpResponse(f"owner class view of {request.seller.slug}")


def apply_page(request):
    return HttpResponse("apply")


urlpatterns = [
    path("t/council/", council_page, name="t_council"),
    path("t/council-cbv/", CouncilView.as_view(), name="t_council_cbv"),
    path("t/seller/", seller_page, name="t_seller"),
    path("t/owner/", owner_page, name="t_owner"),
    path("t/owner-cbv/", OwnerView.as_view(), name="t_owner_cbv"),
    path("t/checkout/", checkout_page, name="t_checkout"),
    path("t/apply/", apply_page, name="seller_apply"),
    path("", include("gembazaar.urls")),
]
