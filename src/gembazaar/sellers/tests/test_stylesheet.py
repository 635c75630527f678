import re
from pathlib import Path

import gembazaar.sellers

CSS = Path(gembazaar.sellers.__file__).parent / "static" / "sellers" / "verification.css"


def test_the_verification_stylesheet_uses_only_logical_properties():
    css = CSS.read_text()
    physical = re.compile(
        r"(?<![-\w])(margin|padding|border)-(left|right)\b"
        r"|(?<![-\w])(left|right)\s*:"
        r"|text-align\s*:\s*(left|right)"
        r"|float\s*:\s*(left|right)"
        r"|(top|bottom)-(left|right)-radius"
    )
    assert physical.findall(css) == []
    assert "inset-inline-start" in css
