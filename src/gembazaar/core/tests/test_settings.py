"""Settings come from the environment; production mode passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[4]


def run_gembazaar(*args, **env_overrides):
    ignored = {"DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-m", "gembazaar", *args], env=env, capture_output=True, text=True,
                          cwd=ROOT, timeout=120, check=False)


def test_production_mode_passes_check_deploy(tmp_path):
    result = run_gembazaar(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="false", SECRET_KEY="x9#" * 20 + "-production-key", ALLOWED_HOSTS="gembazaar.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = run_gembazaar("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("file-secret-" + "k" * 50)
    result = run_gembazaar("shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)",
                           DEBUG="false", SECRET_KEY_FILE=str(secret), ALLOWED_HOSTS="x")
    assert result.stdout.strip().splitlines()[-1] == "file-secret-" + "k" * 50, result.stderr


def test_connections_are_persistent():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_sqlite_runs_in_wal_mode(tmp_path):
    result = run_gembazaar(
        "shell", "-c",
        "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(c.fetchone()[0])",
        DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}",
    )
    assert result.stdout.strip().splitlines()[-1] == "wal", result.stderr


@pytest.mark.redis
def test_redis_cache_works_for_real(redis_url, settings):
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache(redis_url, {})
    cache.set("gembazaar:test", {"rate": "1"}, 30)
    assert cache.get("gembazaar:test") == {"rate": "1"}
    cache.delete("gembazaar:test")


def test_redis_url_switches_cache_sessions_and_celery():
    code = ("from django.conf import settings as s; print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, "
            "s.CELERY_TASK_ALWAYS_EAGER)")
    with_redis = run_gembazaar("shell", "-c", code, REDIS_URL="redis://127.0.0.1:6379/14")
    without = run_gembazaar("shell", "-c", code, REDIS_URL="")
    assert with_redis.stdout.strip().splitlines()[-1].split() == ["django.core.cache.backends.redis.RedisCache",
                                         "django.contrib.sessions.backends.cache", "False"], with_redis.stderr
    assert without.stdout.strip().splitlines()[-1].split()[2] == "True"
