from django.urls import include, path

from . import bulk_views, returns_views, views

app_name = "sellercentre"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("team/", views.team, name="team"),
    path("team/invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("shipping/", views.shipping, name="shipping"),
    path("shipping/<slug:zone_code>/<slug:method>/", views.shipping_rate_edit, name="shipping_rate_edit"),
    path("shipping/<slug:zone_code>/<slug:method>/remove/", views.shipping_rate_remove, name="shipping_rate_remove"),
    path("payouts/", include("gembazaar.sellercentre.payout_urls")),  # balance, ledger, statements
    path("disputes/", include("gembazaar.sellercentre.dispute_views")),  # disputes on the business's orders
    path("returns/", returns_views.returns_policy, name="returns_policy"),
    path("returns/edit/", returns_views.returns_policy_edit, name="returns_policy_edit"),
    path("returns/remove/", returns_views.returns_policy_remove, name="returns_policy_remove"),
    path("listings/", views.listing_list, name="listings"),
    path("listings/new/", views.listing_new, name="listing_new"),
    path("listings/varieties/", views.varieties, name="varieties"),
    path("listings/bulk/", bulk_views.listings_bulk, name="listings_bulk"),
    path("listings/bulk/<int:job_id>/", bulk_views.bulk_job, name="bulk_job"),
    path("listings/bulk/<int:job_id>/status/", bulk_views.bulk_job_status, name="bulk_job_status"),
    path("listings/<int:listing_id>/edit/", views.listing_edit, name="listing_edit"),
    path("listings/<int:listing_id>/images/", views.image_upload, name="image_upload"),
    path("listings/<int:listing_id>/images/reorder/", views.image_reorder, name="image_reorder"),
    path("listings/<int:listing_id>/images/<int:image_id>/move/", views.image_move, name="image_move"),
    path("listings/<int:listing_id>/<str:action>/", views.listing_action, name="listing_action"),
]
