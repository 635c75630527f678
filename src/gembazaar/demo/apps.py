from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo marketplace generator (`gembazaar seed-demo`). It sits on top of the house: it may
    import any app, and no app imports it (an import-linter contract in pyproject.toml)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "gembazaar.demo"
    verbose_name = _("Demo data")
