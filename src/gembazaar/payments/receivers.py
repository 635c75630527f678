"""Payments listens to orders: a placed checkout gets its payment in the same transaction."""

from __future__ import annotations

from django.dispatch import receiver

from gembazaar.orders.placement_signal import checkout_placed

from . import services


@receiver(checkout_placed, dispatch_uid="payments.open_on_checkout_placed")
def open_payment(sender, *, checkout, **kwargs) -> None:
    services.payment_open(checkout=checkout)
