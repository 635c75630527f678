"""Sign-in, sign-up and password-reset requests are limited per network and per account (ratelimit.py)."""

import uuid

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from gembazaar.accounts import ratelimit
from gembazaar.accounts.models import User

from .conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

WINDOW = 15 * 60


@pytest.fixture
def clock(monkeypatch):
    """The limiter's clock, stopped at the start of a window; `clock.now += …` moves it."""

    class Clock:
        now = 1_800_000_000.0  # a multiple of 15 minutes and of an hour

        def __call__(self):
            return self.now

    stopped = Clock()
    monkeypatch.setattr(ratelimit, "clock", stopped)
    return stopped


WRONG_PASSWORD = "wrong"


def sign_in(client, login, password=WRONG_PASSWORD, ip="203.0.113.7"):
    return client.post(reverse("login"), {"username": login, "password": password}, REMOTE_ADDR=ip)


def test_the_sixth_failed_sign_in_to_an_account_gets_429_even_with_the_right_password(client, buyer, clock):
    for _ in range(5):
        assert sign_in(client, "amina").status_code == 200
    response = sign_in(client, "amina", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert 0 < int(response["Retry-After"]) <= 2 * WINDOW
    html = response.content.decode()
    assert "Too many failed sign-in attempts" in html and "minutes" in html
    assert 'value="amina"' in html  # the form comes back filled in


def test_the_username_and_the_email_of_one_account_share_its_budget(client, buyer, clock):
    for login in ("amina", "AMINA@example.org", "amina@EXAMPLE.org", "amina", "Amina@Example.org"):
        sign_in(client, login, ip=f"198.51.100.{len(login)}")
    assert sign_in(client, "amina", PASSWORD, ip="192.0.2.1").status_code == 429


def test_other_accounts_are_not_limited_by_one_under_attack(client, buyer, clock):
    other = make_user(username="bilal")
    for _ in range(5):
        sign_in(client, "amina")
    assert sign_in(client, other.username, PASSWORD).status_code == 302


def test_twenty_failures_from_one_network_block_it_for_every_account(client, buyer, clock):
    for n in range(20):
        assert sign_in(client, f"guess{n}@example.org").status_code == 200
    assert sign_in(client, "amina", PASSWORD).status_code == 429
    assert sign_in(client, "amina", PASSWORD, ip="198.51.100.1").status_code == 302


def test_a_successful_sign_in_clears_the_account_count_but_not_the_network_count(client, buyer, clock):
    for _ in range(4):
        sign_in(client, "amina")
    assert sign_in(client, "amina", PASSWORD).status_code == 302
    client.logout()
    assert ratelimit.LOGIN_ACCOUNT.count(f"user:{buyer.pk}") == 0
    assert ratelimit.LOGIN_IP.count("203.0.113.7") == 4
    for _ in range(4):
        assert sign_in(client, "amina").status_code == 200


def test_the_limit_lifts_once_the_window_has_passed(client, buyer, clock):
    for _ in range(5):
        sign_in(client, "amina")
    clock.now += WINDOW / 2  # half of the last window still counts: 5 × ½ = 2.5 < 5, but...
    assert ratelimit.LOGIN_ACCOUNT.count(f"user:{buyer.pk}") == 5  # ...all five were in this window
    assert sign_in(client, "amina", PASSWORD).status_code == 429
    clock.now += WINDOW  # now they are in the previous window, half of it inside the sliding one
    assert ratelimit.LOGIN_ACCOUNT.count(f"user:{buyer.pk}") == pytest.approx(2.5)
    assert sign_in(client, "amina", PASSWORD).status_code == 302


def test_retry_after_says_when_the_next_attempt_is_allowed(buyer, clock):
    key = f"user:{buyer.pk}"
    for _ in range(5):
        ratelimit.LOGIN_ACCOUNT.hit(key)
    wait = ratelimit.LOGIN_ACCOUNT.retry_after(key)
    assert WINDOW < wait <= 2 * WINDOW
    clock.now += wait
    assert not ratelimit.LOGIN_ACCOUNT.is_limited(key)
    clock.now -= 2
    assert ratelimit.LOGIN_ACCOUNT.is_limited(key)


def test_sign_up_is_limited_to_five_attempts_an_hour_per_network(client, clock):
    data = {"full_name": "Zara", "password1": "emerald-from-swat-42", "password2": "emerald-from-swat-42"}
    for n in range(5):
        client.post(reverse("signup"), {**data, "email": f"zara{n}@example.org"}, REMOTE_ADDR="203.0.113.9")
        client.logout()
    response = client.post(reverse("signup"), {**data, "email": "zara9@example.org"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429
    assert "Too many sign-ups" in response.content.decode()
    assert not User.objects.filter(email="zara9@example.org").exists()
    assert client.post(reverse("signup"), {**data, "email": "zara9@example.org"},
                       REMOTE_ADDR="198.51.100.9").status_code == 302
    clock.now += 2 * 3600
    client.logout()
    assert client.post(reverse("signup"), {**data, "email": "zara10@example.org"},
                       REMOTE_ADDR="203.0.113.9").status_code == 302


def test_one_address_gets_at_most_three_reset_emails_an_hour(client, buyer, mailoutbox, clock):
    for n in range(3):
        client.post(reverse("password_reset"), {"email": "amina@example.org"}, REMOTE_ADDR=f"198.51.100.{n}")
    response = client.post(reverse("password_reset"), {"email": "AMINA@example.org"}, REMOTE_ADDR="192.0.2.50")
    assert response.status_code == 429
    assert "Too many reset requests" in response.content.decode()
    assert len(mailoutbox) == 3


def test_one_network_gets_five_reset_requests_an_hour(client, clock):
    for n in range(5):
        assert client.post(reverse("password_reset"), {"email": f"x{n}@example.org"}).status_code == 302
    assert client.post(reverse("password_reset"), {"email": "y@example.org"}).status_code == 429


def test_rates_can_be_changed_in_settings(client, buyer, clock, settings):
    settings.ACCOUNTS_RATE_LIMITS = {"login_account": "2/15m"}
    sign_in(client, "amina")
    sign_in(client, "amina")
    assert sign_in(client, "amina", PASSWORD).status_code == 429


@pytest.mark.parametrize(("text", "limit", "window"), [("5/15m", 5, 900), ("20/h", 20, 3600), ("3/d", 3, 86400),
                                                        ("10/30s", 10, 30)])
def test_rates_are_read_from_short_text(text, limit, window):
    assert ratelimit.Rate.parse(text) == ratelimit.Rate(limit=limit, window=window)


@pytest.mark.parametrize(("remote", "forwarded", "proxies", "expected"), [
    ("203.0.113.7", "", 0, "203.0.113.7"),
    ("203.0.113.7", "1.2.3.4", 0, "203.0.113.7"),  # a client cannot choose its key by sending a header
    ("10.0.0.1", "1.2.3.4, 198.51.100.20", 1, "198.51.100.20"),  # the address our one proxy saw
    ("10.0.0.1", "198.51.100.20", 2, "10.0.0.1"),  # fewer hops than proxies: the header is not trusted
    ("2001:db8:1:2:aaaa::1", "", 0, "2001:db8:1:2::/64"),  # IPv6 clients own a /64
    ("::ffff:203.0.113.7", "", 0, "203.0.113.7"),
])
def test_the_client_network_is_the_key_per_ip(settings, remote, forwarded, proxies, expected):
    settings.ACCOUNTS_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_network(request) == expected


def test_no_email_address_is_stored_in_a_cache_key(buyer, clock):
    ratelimit.PASSWORD_RESET_EMAIL.hit("amina@example.org")
    keys = list(caches["default"]._cache)  # LocMemCache's own store
    assert len(keys) == 1 and "gb:rl:password_reset_email:" in keys[0]
    assert "amina" not in keys[0] and "example" not in keys[0]


@pytest.mark.redis
def test_sign_in_limits_count_in_redis_for_real(client, buyer, clock, settings, redis_url):
    import redis

    prefix = f"gbtest-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url,
                                   "KEY_PREFIX": prefix}}
    server = redis.Redis.from_url(redis_url)
    try:
        statuses = [sign_in(client, "amina", ip="203.0.113.77").status_code for _ in range(6)]
        assert statuses == [200, 200, 200, 200, 200, 429]
        account_keys = [key.decode() for key in server.scan_iter(f"{prefix}:*:gb:rl:login_account:*")]
        network_keys = [key.decode() for key in server.scan_iter(f"{prefix}:*:gb:rl:login_ip:*")]
        assert len(account_keys) == 1 and len(network_keys) == 1
        assert int(server.get(account_keys[0])) == 5 and int(server.get(network_keys[0])) == 5
        assert 0 < server.ttl(account_keys[0]) <= 2 * WINDOW  # Redis forgets the counter by itself
        # Another process (a fresh cache connection) sees the same count: the limit holds across web workers.
        from django.core.cache.backends.redis import RedisCache
        other_process = RedisCache(redis_url, {"KEY_PREFIX": prefix})
        assert other_process.get(account_keys[0].split(":", 2)[2]) == 5
        assert sign_in(client, "amina", PASSWORD, ip="198.51.100.77").status_code == 429
        clock.now += 2 * WINDOW
        assert sign_in(client, "amina", PASSWORD, ip="198.51.100.77").status_code == 302
    finally:
        keys = list(server.scan_iter(f"{prefix}:*"))
        if keys:
            server.delete(*keys)
        server.close()
