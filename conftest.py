"""Test-wide fixtures and the rules for tests that need PostgreSQL or Redis.

The suite runs twice (SQLite, then PostgreSQL: see the Makefile). Tests marked `postgres` are
deselected on the SQLite pass and run on the PostgreSQL pass; tests marked `sqlite` the other way
round. Deselected, not skipped: a CI run never passes by skipping. Tests marked `redis` use the
server at GEMBAZAAR_TEST_REDIS_URL. Without the service they skip, except with CI=true,
where they fail: CI must never pass by skipping.
"""

import os

import pytest

CI = os.environ.get("CI", "").lower() == "true"
TEST_REDIS_URL = os.environ.get("GEMBAZAAR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    other_backend = "sqlite" if connection.vendor == "postgresql" else "postgres"
    keep, drop = [], []
    for item in items:
        (drop if item.get_closest_marker(other_backend) else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def missing_service(reason: str):
    if CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture
def redis_url():
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        missing_service(f"Redis is not reachable at {TEST_REDIS_URL}")
    return TEST_REDIS_URL


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts without cached pages: a test database reuses row ids after a rollback, so
    a page cached by an earlier test could carry the same version (core/page_cache.py)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in Arabic leaves Arabic active in the
    thread (LocaleMiddleware activates, nothing deactivates), which a later test would inherit."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_hashing_and_media(settings, tmp_path):
    # Argon2 is right for production and slow on purpose; tests do not need that.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # Each test's database is rolled back under the index: a shared file would be rebuilt by every
    # test. search/tests/test_shared_index.py turns it on in a folder of its own.
    settings.SEARCH_SHARED_INDEX_DIR = ""
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
