"""Debian's Chromium for the browser tests: never a downloaded browser (see the README)."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def require_chromium() -> None:
    """Skip without /usr/bin/chromium on a developer's machine; fail in CI, where it must be there."""
    if not CHROMIUM.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("/usr/bin/chromium is missing (CI=true: a missing browser is a failure)")
        pytest.skip("/usr/bin/chromium is missing")


def launch(playwright):
    """A headless Chromium from Playwright's sync API; the caller closes it."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
