from django.apps import AppConfig


class CouncilConfig(AppConfig):
    """The council console: staff-only pages to verify and oversee sellers (not the Django admin)."""

    name = "gembazaar.council"
    verbose_name = "Council console"
