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


# Schemathesis calls the app in-process (WSGI) and reads the body as sent: ask for it uncompressed,
# as GZipMiddleware would otherwise gzip every answer its client's Accept-Encoding allows.
PLAIN = {"Accept-Encoding": "identity"}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_no_request_the_schema_allows_or_breaks_makes_a_500(case):
    case.call_and_validate(headers=PLAIN, checks=[not_a_server_error, status_code_conformance,
                                                   response_schema_conformance])


@pytest.fixture
def seller_key(db) -> str:
    """A verified seller's API key, so the seller operations get past authentication and the
    fuzzer reaches their validation (listings, orders, shipping rates, imports)."""
    from gembazaar.sellers import api_keys as services
    from gembazaar.testing import make_seller

    _key, plaintext = services.api_key_create(seller=make_seller(), name="fuzz", created_by=None)
    return plaintext


@pytest.mark.django_db
@schema.include(path_regex=r"^/api/v1/seller/").parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
def test_no_request_with_a_seller_key_makes_a_500(case, seller_key):
    case.call_and_validate(headers={**PLAIN, "Authorization": f"Bearer {seller_key}"},
                           checks=[not_a_server_error, status_code_conformance, response_schema_conformance])


def _session_of(user) -> dict:
    """A browser's session cookie for `user` with a CSRF token (cookie and header agree)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    token = "f" * 32
    return {"cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
            "headers": {"X-CSRFToken": token}}


def _call_with_session(case, session: dict) -> None:
    # The schema's cookie parameters (the session scheme) would otherwise get generated values.
    case.cookies = {**(case.cookies or {}), **session["cookies"]}
    case.call_and_validate(headers={**PLAIN, **session["headers"]},
                           checks=[not_a_server_error, status_code_conformance, response_schema_conformance])


@pytest.fixture
def buyer_session(db) -> dict:
    """A signed-in buyer, so the session operations (cart, checkout, orders, saved searches) get
    past authentication and CSRF to their validation."""
    from gembazaar.accounts.models import User

    return _session_of(User.objects.create_user(
        username="fuzzer", email="fuzzer@example.org", password="a-long-pass-phrase", email_confirmed=True,
        email_confirmed_at="2026-01-01T00:00:00Z"))


@pytest.fixture
def council_session(db) -> dict:
    """Council staff: recording rates and moving orders (the council operations' validation)."""
    from gembazaar.sellers.tests.conftest import make_council_user

    return _session_of(make_council_user("fuzz-council"))


@pytest.fixture
def seller_member_session(db) -> dict:
    """An owner of a verified seller in the browser: the seller operations by session, not key."""
    from gembazaar.sellers.tests.conftest import make_owner
    from gembazaar.testing import make_seller

    return _session_of(make_owner(make_seller(), "fuzz-owner"))


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                       HealthCheck.function_scoped_fixture])


@pytest.mark.django_db
@schema.exclude(path_regex=r"^/api/v1/seller/").parametrize()
@FUZZ
def test_no_request_from_a_signed_in_buyer_makes_a_500(case, buyer_session):
    _call_with_session(case, buyer_session)


@pytest.mark.django_db
@schema.include(path_regex=r"^/api/v1/(rates|council/)").parametrize()
@FUZZ
def test_no_request_from_council_staff_makes_a_500(case, council_session):
    _call_with_session(case, council_session)


@pytest.mark.django_db
@schema.include(path_regex=r"^/api/v1/seller/").parametrize()
@FUZZ
def test_no_request_from_a_seller_member_in_the_browser_makes_a_500(case, seller_member_session):
    _call_with_session(case, seller_member_session)
