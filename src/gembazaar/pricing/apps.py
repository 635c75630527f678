from django.apps import AppConfig


class PricingConfig(AppConfig):
    name = "gembazaar.pricing"
    label = "pricing"
    verbose_name = "Pricing"

    def ready(self) -> None:
        # Lower layers (core.fx, catalogue.services) must not import pricing; pricing plugs its
        # FX history and its metal-linked pricer into their registries instead (docs/PRICING.md).
        from . import hooks

        hooks.install()
