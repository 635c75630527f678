import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that without this.
# Set here, before the test modules are imported.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The site with the local card provider on a live server (the trade assurance journey).
from gembazaar.payments.tests.conftest import card_settings, card_site  # noqa: F401
