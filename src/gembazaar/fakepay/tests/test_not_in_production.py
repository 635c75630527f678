"""The fake provider is never mounted with production settings (DEBUG off), whatever the
environment asks for."""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import django
django.setup()
from django.conf import settings
from django.urls import Resolver404, resolve
try:
    resolve("/_fakepay/stripe/v1/checkout/sessions")
    mounted = True
except Resolver404:
    mounted = False
print(settings.PAYMENTS_FAKE_PROVIDER, mounted, settings.STRIPE_SECRET_KEY == "", settings.SAFEPAY_API_KEY == "")
"""


def run(**environment) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gembazaar.settings", **environment}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120,
                          check=True).stdout.strip().splitlines()[-1]


def test_production_settings_never_mount_the_fake_nor_carry_test_keys():
    assert run(DEBUG="false", SECRET_KEY="x" * 60, PAYMENTS_FAKE_PROVIDER="true", ALLOWED_HOSTS="gembazaar.pk") \
        == "False False True True"


def test_development_mounts_it_unless_turned_off():
    assert run(DEBUG="true").startswith("True True")
    assert run(DEBUG="true", PAYMENTS_FAKE_PROVIDER="false").startswith("False False")
