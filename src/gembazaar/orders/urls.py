"""Addresses of the order pages: the buyer's (cart, checkout, my orders), the seller centre's
(/seller/orders/) and the council console's (/council/orders/). One namespace, "orders"."""

from django.urls import path

from .views import buyer, cart, checkout, council, seller

app_name = "orders"

urlpatterns = [
    path("cart/", cart.cart_page, name="cart"),
    path("cart/add/", cart.cart_add, name="cart_add"),
    path("cart/update/", cart.cart_acknowledge, name="cart_acknowledge"),
    path("cart/lines/<int:line_id>/", cart.cart_line_update, name="cart_line_update"),
    path("cart/lines/<int:line_id>/remove/", cart.cart_line_remove, name="cart_line_remove"),
    path("checkout/", checkout.checkout, name="checkout"),
    path("checkout/shipping/", checkout.shipping_methods, name="checkout_shipping"),
    path("checkout/review/", checkout.review, name="checkout_review"),
    path("checkout/place/", checkout.place, name="checkout_place"),
    path("checkout/done/<str:reference>/", checkout.done, name="checkout_done"),
    path("orders/", buyer.order_list, name="my_orders"),
    path("orders/<str:number>/", buyer.order_detail, name="my_order"),
    path("orders/<str:number>/action/", buyer.order_action, name="my_order_action"),
    path("seller/orders/", seller.order_list, name="seller_orders"),
    path("seller/orders/<str:number>/", seller.order_detail, name="seller_order"),
    path("seller/orders/<str:number>/action/", seller.order_action, name="seller_order_action"),
    path("council/orders/", council.order_list, name="council_orders"),
    path("council/orders/<str:number>/", council.order_detail, name="council_order"),
    path("council/orders/<str:number>/action/", council.order_action, name="council_order_action"),
]
