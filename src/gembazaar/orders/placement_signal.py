"""The signal orders sends when a checkout is placed, for the apps above it (payments depends on
orders, never the reverse). orders/signals.py holds orders' own receivers."""

from django.dispatch import Signal

# Sent inside the placing transaction, once per new checkout (a replayed request sends nothing):
# `checkout`, with its orders created. A receiver that raises rolls the placement back.
checkout_placed = Signal()
