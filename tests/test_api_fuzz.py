"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis, in process).

For every operation, schemathesis generates requests from the schema — valid ones and ones that
break it (wrong types, missing fields, out-of-range numbers, odd strings) — and sends them
through Django's WSGI handler. The rule checked is the one every endpoint must keep: bad input is a
clear 4xx, never a 500, and every answer is one the schema declares with the body it declares.
Anonymous requests reach the protected operations too; they must answer 401/403, never crash.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from gembazaar.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Called straight through WSGI, Django would close the database connection after each request
    (close_old_connections), and with it the test's transaction; Django's own test client
    disconnects these signals the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Examples per operation: enough to find the crashes a type or range mistake causes, small enough
# for CI (about 60 operations, twice: SQLite and PostgreSQL).
EXAMPLES = 15


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_no_request_the_schema_allows_or_breaks_makes_a_500(case):
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance, response_schema_conformance])


@pytest.fixture
def seller_key(db) -> str:
    """A verified seller's API key, so the seller operations get past authentication and the
    fuzzer reaches their validation (listings, orders, shipping rates, imports)."""
    from gembazaar.sellerapi import services
    from gembazaar.testing import make_seller

    _key, plaintext = services.api_key_create(seller=make_seller(), name="fuzz", created_by=None)
    return plaintext


@pytest.mark.django_db
@schema.include(path_regex=r"^/api/v1/seller/").parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_no_request_with_a_seller_key_makes_a_500(case, seller_key):
    case.call_and_validate(headers={"Authorization": f"Bearer {seller_key}"},
                           checks=[not_a_server_error, status_code_conformance, response_schema_conformance])


@pytest.fixture
def buyer_session(db) -> dict:
    """A signed-in buyer's session cookie with a CSRF token, so the session operations (cart,
    checkout, orders, saved searches) get past authentication and CSRF to their validation."""
    from django.test import Client

    from gembazaar.accounts.models import User

    buyer = User.objects.create_user(username="fuzzer", email="fuzzer@example.org", password="a-long-pass-phrase",
                                     email_confirmed=True, email_confirmed_at="2026-01-01T00:00:00Z")
    client = Client()
    client.force_login(buyer)
    token = "f" * 32  # a CSRF secret; cookie and header agree, as a browser's would
    return {"cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
            "headers": {"X-CSRFToken": token}}


@pytest.mark.django_db
@schema.exclude(path_regex=r"^/api/v1/seller/").parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_no_request_from_a_signed_in_buyer_makes_a_500(case, buyer_session):
    # The schema's cookie parameters (the session scheme) would otherwise get generated values.
    case.cookies = {**(case.cookies or {}), **buyer_session["cookies"]}
    case.call_and_validate(headers=buyer_session["headers"],
                           checks=[not_a_server_error, status_code_conformance, response_schema_conformance])
