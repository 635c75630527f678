"""Every write of the orders app: cart, checkout, stock, transitions, idempotency, shipping."""
