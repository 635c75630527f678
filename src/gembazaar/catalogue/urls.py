from django.urls import path, register_converter

from . import views


class UnicodeSlugConverter:
    # Listing slugs are made with allow_unicode (Urdu, Arabic, Chinese titles), which <slug:> rejects.
    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(UnicodeSlugConverter, "uslug")

urlpatterns = [
    path("browse/", views.browse, name="browse"),
    path("listings/<int:pk>-<uslug:slug>/", views.listing_detail, name="listing_detail"),
    # The seller's storefront lists catalogue items; see views.seller_detail.
    path("sellers/<slug:slug>/", views.seller_detail, name="seller_detail"),
]
