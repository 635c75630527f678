"""GemBazaar: a cross-border marketplace for the gemstone and jewelry trade."""

from .celery import app as celery_app

__all__ = ["celery_app"]
