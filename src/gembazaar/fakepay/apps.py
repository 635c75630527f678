from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FakepayConfig(AppConfig):
    name = "gembazaar.fakepay"
    verbose_name = _("Local card provider")
