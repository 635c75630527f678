import os

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses that without this.
# Set here, before the test modules are imported.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
