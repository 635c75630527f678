"""The order pages' stylesheet lays out Urdu and Arabic right-to-left: logical properties only."""

import re
from pathlib import Path

import gembazaar.orders

CSS = Path(gembazaar.orders.__file__).parent / "static" / "orders" / "orders.css"
PHYSICAL = re.compile(
    r"(?<![-\w])(margin|padding|border)-(left|right)\b"
    r"|(?<![-\w])(left|right)\s*:"
    r"|text-align\s*:\s*(left|right)"
    r"|float\s*:\s*(left|right)"
    r"|(top|bottom)-(left|right)-radius"
)


def test_the_orders_stylesheet_uses_only_logical_properties():
    css = CSS.read_text()
    assert PHYSICAL.findall(css) == []
    assert "margin-inline-start" in css  # the pattern must not be blind to the logical properties


def test_the_order_pages_render_right_to_left_in_urdu(client, db):
    from django.conf import settings
    from django.urls import reverse

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ur"
    page = client.get(reverse("orders:cart")).content.decode()
    assert 'dir="rtl"' in page and 'lang="ur"' in page
