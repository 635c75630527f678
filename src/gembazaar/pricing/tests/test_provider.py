"""The HTTP JSON rate provider against a real HTTP server started by the test, and the beat task."""

from __future__ import annotations

import json
import threading
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ValidationError

from gembazaar.pricing import services, tasks
from gembazaar.pricing.models import MetalRate
from gembazaar.pricing.providers import HttpJsonRateProvider, LocalRateProvider, ProviderError

from .conftest import record_gold

pytestmark = pytest.mark.django_db

FIELDS = {"gold:999:tola:PKR": "rates.gold.tola_24k", "gold:916:ten_gram:PKR": "rates.gold.ten_gram_22k",
          "silver:999:tola:PKR": "rates.silver.tola"}
GOOD = {"rates": {"gold": {"tola_24k": "452,300", "ten_gram_22k": 355600}, "silver": {"tola": "5450.50"}}}


class RateServer:
    """A real HTTP server on 127.0.0.1 serving whatever body and status the test sets."""

    def __init__(self):
        self.body: bytes = b""
        self.status = 200
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests += 1
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(outer.body)))
                self.end_headers()
                self.wfile.write(outer.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/rates.json"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def serve(self, document, status=200):
        self.body = document if isinstance(document, bytes) else json.dumps(document).encode()
        self.status = status

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def rate_server():
    server = RateServer()
    yield server
    server.close()


def provider(server) -> HttpJsonRateProvider:
    return HttpJsonRateProvider(url=server.url, fields=FIELDS, source="Sarafa feed", timeout=5)


def test_rates_are_read_through_the_field_mapping_and_recorded(rate_server):
    rate_server.serve(GOOD)
    recorded = services.refresh_from_provider(provider=provider(rate_server))
    assert rate_server.requests == 1
    by_key = {(r.metal, r.fineness, r.unit): r for r in recorded}
    assert by_key[("gold", 999, "tola")].price == Decimal("452300")
    assert by_key[("gold", 916, "ten_gram")].price == Decimal("355600")
    assert by_key[("silver", 999, "tola")].price == Decimal("5450.50")
    assert {r.source for r in recorded} == {"Sarafa feed"}


@pytest.mark.parametrize(("document", "status", "field"), [
    (b"<html>rates</html>", 200, "response"),
    ({"rates": {"gold": {"tola_24k": "452300"}}}, 200, "rates.gold.ten_gram_22k"),
    ({**GOOD, "rates": {**GOOD["rates"], "silver": {"tola": "-3"}}}, 200, "rates.silver.tola"),
    ({**GOOD, "rates": {**GOOD["rates"], "silver": {"tola": None}}}, 200, "rates.silver.tola"),
    (GOOD, 503, "url"),
])
def test_a_malformed_response_is_a_clear_error_and_nothing_is_recorded(rate_server, document, status, field):
    rate_server.serve(document, status)
    with pytest.raises(ProviderError) as caught:
        services.refresh_from_provider(provider=provider(rate_server))
    assert caught.value.field == field
    assert MetalRate.objects.count() == 0


def test_an_unreachable_provider_is_a_clear_error():
    server = RateServer()
    url = server.url
    server.close()
    with pytest.raises(ProviderError) as caught:
        HttpJsonRateProvider(url=url, fields=FIELDS, timeout=2).fetch()
    assert caught.value.field == "url"


def test_a_jump_from_the_provider_is_not_recorded_without_confirmation(rate_server):
    record_gold()
    rate_server.serve({**GOOD, "rates": {**GOOD["rates"], "gold": {"tola_24k": "952300", "ten_gram_22k": "1"}}})
    with pytest.raises(ValidationError):
        services.refresh_from_provider(provider=provider(rate_server))
    assert MetalRate.objects.count() == 1


def test_the_beat_task_refreshes_from_the_configured_provider(rate_server, settings):
    settings.RATE_PROVIDER = "http"
    settings.RATE_PROVIDER_URL = rate_server.url
    settings.RATE_PROVIDER_FIELDS = json.dumps(FIELDS)
    rate_server.serve(GOOD)
    assert tasks.refresh_rates.delay().get() == 3
    rate_server.serve(b"not json")
    assert tasks.refresh_rates.delay().get() == 0  # logged, nothing recorded
    assert MetalRate.objects.count() == 3
    settings.RATE_PROVIDER = ""
    assert tasks.refresh_rates() == 0


def test_the_beat_schedule_runs_the_refresh():
    from django.conf import settings

    assert any(entry["task"] == "pricing.refresh_rates" for entry in settings.CELERY_BEAT_SCHEDULE.values())


def test_the_local_provider_gives_plausible_rates():
    recorded = services.refresh_from_provider(provider=LocalRateProvider())
    assert {r.metal for r in recorded} >= {"gold", "silver"}
