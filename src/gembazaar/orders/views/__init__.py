"""Pages of the orders app: the cart, checkout, the buyer's orders, the seller centre's and the
council console's order pages. Thin: services write, selectors read, templates show."""
