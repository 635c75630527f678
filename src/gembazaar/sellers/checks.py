"""System checks: the private document folder must never be one that a URL serves."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_private_media_root(app_configs, **kwargs) -> list[Error]:
    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if not public:
            continue
        public = Path(public).resolve()
        if private == public or private.is_relative_to(public) or public.is_relative_to(private):
            errors.append(Error(
                f"PRIVATE_MEDIA_ROOT ({private}) overlaps {name} ({public}): sellers' documents would be public.",
                hint="Point PRIVATE_MEDIA_ROOT at a folder no web server or /media/ URL serves.",
                id="sellers.E001",
            ))
    return errors
