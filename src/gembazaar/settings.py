"""Project settings: every value comes from the environment (12-factor).

`.env.example` documents each variable. With nothing set, the site runs in development
mode on a SQLite file under `var/` with no other service.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from gembazaar.core.countries import cldr_overrides

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("GEMBAZAAR_HOME", SRC_DIR.parent.parent)).resolve()
VAR_DIR = BASE_DIR / "var"


def env(name: str, default: str = "") -> str:
    """A string from the environment, or from the file named by NAME_FILE (docker/k8s secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = env(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = env(name, "")
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-not-for-production-use-0123456789abcdefghij"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_htmx",
    "ninja",  # its bundled Swagger UI files: /api/v1/docs needs no CDN
    "gembazaar.core",
    "gembazaar.accounts",
    "gembazaar.sellers",
    "gembazaar.catalogue",
    "gembazaar.search",
    "gembazaar.alerts",
    "gembazaar.sellercentre",
    "gembazaar.sellerapi",
    "gembazaar.council",
    "gembazaar.pricing",
    "gembazaar.shipping",
    "gembazaar.imports",
    "gembazaar.orders",
    "gembazaar.payments",
    "gembazaar.fakepay",  # the local card provider (development and tests only; urls.py mounts it)
    "gembazaar.demo",  # last: the generator sits on top of every app
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Compresses pages and API answers for clients that accept gzip (whitenoise serves static files
    # precompressed). Django's GZipMiddleware pads each response randomly against BREACH, and CSRF
    # tokens are masked per response.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "gembazaar.core.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gembazaar.core.middleware.CurrencyMiddleware",
    "gembazaar.core.page_cache.AnonymousPageCacheMiddleware",  # needs all of the above on the request
]

ROOT_URLCONF = "gembazaar.urls"
WSGI_APPLICATION = "gembazaar.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gembazaar.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite in WAL mode is the embedded default; PostgreSQL by DATABASE_URL in production and CI.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gembazaar.sqlite3'}")
CONN_MAX_AGE = envint("CONN_MAX_AGE", 600)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run while a writer commits; IMMEDIATE avoids lock-upgrade deadlocks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": env("SQLITE_TEST_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, Celery: Redis when configured, in-process otherwise --------------------
# Whole pages for anonymous visitors (core/page_cache.py): versioned by every write a page shows,
# so never stale; the seconds only bound time-driven changes (a rate growing stale) and memory. 0: off.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_VERSION = "gembazaar.pricing.page_version.current"
# The search index of this host, built once and mapped by every worker (search/shared.py).
# Empty: each process builds its own. Keep it on a local disk, writable by the app user only
# (workers load it with pickle).
SEARCH_SHARED_INDEX_DIR = env("SEARCH_SHARED_INDEX_DIR", str(VAR_DIR / "search-index"))

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    # Hourly: each saved search is emailed when its daily or weekly period is up (see alerts/digests.py).
    "alerts-send-saved-search-digests": {"task": "alerts.send_saved_search_digests", "schedule": 3600.0},
    # Metal rates from RATE_PROVIDER (pricing/providers.py); does nothing when RATE_PROVIDER is empty.
    "pricing-refresh-rates": {"task": "pricing.refresh_rates", "schedule": float(envint("RATE_REFRESH_SECONDS", 900))},
    # Every 5 minutes: unpaid orders whose stock hold expired are cancelled and their stock released.
    "orders-release-expired-reservations": {"task": "orders.release_expired_reservations", "schedule": 300.0},
    # Hourly: delivered orders with no problem raised for ORDERS_AUTO_COMPLETE_DAYS complete by themselves.
    "orders-complete-delivered": {"task": "orders.complete_delivered", "schedule": 3600.0},
    # Hourly: disputes still open after DISPUTE_NEGOTIATION_DAYS go to council staff (payments/disputes.py).
    "payments-escalate-overdue-disputes": {"task": "payments.escalate_overdue_disputes", "schedule": 3600.0},
    # Every 10 minutes: import jobs whose worker went silent for IMPORT_STALE_MINUTES are re-queued
    # (IMPORT_STALE_RETRIES times) or failed; see docs/OPERATIONS.md.
    "imports-fail-stale-jobs": {"task": "imports.fail_stale_jobs", "schedule": 600.0},
    # Every 5 minutes: bulk actions silent for LISTINGS_BULK_STALE_MINUTES (a killed web process, a
    # lost queue message) run again from their last committed batch.
    "catalogue-resume-stale-bulk-jobs": {"task": "catalogue.resume_stale_bulk_jobs", "schedule": 300.0},
    # Daily: uploaded import files of jobs ended more than IMPORT_FILE_RETENTION_DAYS ago are deleted.
    "imports-purge-old-files": {"task": "imports.purge_old_files", "schedule": 86400.0},
    # Daily: guest carts untouched for 30 days are deleted.
    "orders-delete-stale-guest-carts": {"task": "orders.delete_stale_guest_carts", "schedule": 86400.0},
}
# How long an unpaid order (bank transfer) holds its stock before it is cancelled (minutes).
ORDERS_PAYMENT_HOLD_MINUTES = envint("ORDERS_PAYMENT_HOLD_MINUTES", 2880)
# Trade assurance: a delivered order completes by itself after this many days unless the buyer
# asked for a refund or opened a dispute (orders/services/auto_complete.py).
ORDERS_AUTO_COMPLETE_DAYS = envint("ORDERS_AUTO_COMPLETE_DAYS", 14)
# Trade assurance's late shipment: a paid order not shipped within this many days may be cancelled by
# the buyer for a full refund. The platform's promise until sellers set their own handling time.
ORDERS_SHIP_WITHIN_DAYS = envint("ORDERS_SHIP_WITHIN_DAYS", 5)
# Days buyer and seller have to agree on a dispute before it goes to council staff by itself.
DISPUTE_NEGOTIATION_DAYS = envint("DISPUTE_NEGOTIATION_DAYS", 3)
# Sellers are paid in this currency; each order records what its seller is owed in it at placement.
PAYOUTS_CURRENCY = env("PAYOUTS_CURRENCY", "PKR")
PAYMENTS_COMMISSION_PERCENT = env("PAYMENTS_COMMISSION_PERCENT", "5")  # % of each sale; per-seller override
# The escrow account buyers pay by bank transfer (shown after checkout); unset: "to be announced".
BANK_TRANSFER = {
    "account_name": env("BANK_TRANSFER_ACCOUNT_NAME"),
    "bank": env("BANK_TRANSFER_BANK"),
    "iban": env("BANK_TRANSFER_IBAN"),
    "swift": env("BANK_TRANSFER_SWIFT"),
    # Raast, Pakistan's instant payment system: buyers in Pakistan paying in rupees send to this
    # Raast ID (or the IBAN) from any Pakistani bank app.
    "raast_id": env("BANK_TRANSFER_RAAST_ID"),
}
# Which card provider takes a buyer's card: the council's Pakistani gateway for buyers in
# Pakistan, its entity abroad (Stripe) for everyone else; a provider left without an API key is
# not offered. Cards are offered up to PAYMENTS_CARD_MAX_USD a checkout (larger: bank transfer).
PAYMENTS_CARD_PROVIDER_PAKISTAN = env("PAYMENTS_CARD_PROVIDER_PAKISTAN", "safepay")
PAYMENTS_CARD_PROVIDER_ABROAD = env("PAYMENTS_CARD_PROVIDER_ABROAD", "stripe")
PAYMENTS_CARD_MAX_USD = envint("PAYMENTS_CARD_MAX_USD", 10000)
# Cash on delivery: Pakistan only, in rupees, up to this amount a checkout.
PAYMENTS_COD_LIMIT_PKR = envint("PAYMENTS_COD_LIMIT_PKR", 100000)
# Export documents: over this declared value (US$) a courier e-commerce export needs a bank Form-E.
EXPORT_COURIER_LIMIT_USD = envint("EXPORT_COURIER_LIMIT_USD", 5000)
# Card payments through hosted checkouts (docs/payments/CARDS.md). An empty API base means the
# provider's own, or the local fake (gembazaar.fakepay, at SITE_URL/_fakepay/) when it is on.
# Webhook secrets are comma-separated: during a rotation both the old and the new are accepted.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY") or ("sk_test_fakepay" if DEBUG else "")
STRIPE_WEBHOOK_SECRETS = envlist("STRIPE_WEBHOOK_SECRETS") or (["whsec_fakepay"] if DEBUG else [])
STRIPE_API_BASE = env("STRIPE_API_BASE").rstrip("/")
SAFEPAY_API_KEY = env("SAFEPAY_API_KEY") or ("sec_fakepay" if DEBUG else "")
SAFEPAY_SECRET = env("SAFEPAY_SECRET") or ("safepay_secret_fakepay" if DEBUG else "")  # the merchant's v1 secret
SAFEPAY_WEBHOOK_SECRETS = envlist("SAFEPAY_WEBHOOK_SECRETS") or (["safepay_webhook_fakepay"] if DEBUG else [])
SAFEPAY_API_BASE = env("SAFEPAY_API_BASE").rstrip("/")
SAFEPAY_CHECKOUT_URL = env("SAFEPAY_CHECKOUT_URL").rstrip("/")  # the hosted page (…/components)
SAFEPAY_ENVIRONMENT = env("SAFEPAY_ENVIRONMENT") or "sandbox"
# The local fake provider: never in production (DEBUG off), whatever the environment says.
PAYMENTS_FAKE_PROVIDER = DEBUG and envbool("PAYMENTS_FAKE_PROVIDER", True)
# Where the fake sends its webhooks (empty: SITE_URL) and with which secret (empty: the first accepted).
FAKEPAY_WEBHOOK_BASE = env("FAKEPAY_WEBHOOK_BASE")
FAKEPAY_STRIPE_WEBHOOK_SECRET = env("FAKEPAY_STRIPE_WEBHOOK_SECRET")
FAKEPAY_SAFEPAY_WEBHOOK_SECRET = env("FAKEPAY_SAFEPAY_WEBHOOK_SECRET")
# Buyer protection (sellers/returns.py): whatever a seller's returns policy says, an item not as
# described may be returned within this many days of delivery, at the seller's cost, and is
# refunded within BUYER_PROTECTION_REFUND_DAYS of the return arriving. It is also the policy shown
# for a seller who has set none (the marketplace's minimum).
BUYER_PROTECTION_DAYS = envint("BUYER_PROTECTION_DAYS", 30)
BUYER_PROTECTION_REFUND_DAYS = envint("BUYER_PROTECTION_REFUND_DAYS", 7)

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["gembazaar.accounts.backends.EmailOrUsernameBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
# Rate-limit overrides, "scope=count/window" pairs (scopes in accounts/ratelimit.py DEFAULT_RATES).
ACCOUNTS_RATE_LIMITS = dict(item.split("=", 1) for item in envlist("ACCOUNTS_RATE_LIMITS") if "=" in item)
ACCOUNTS_TRUSTED_PROXIES = envint("ACCOUNTS_TRUSTED_PROXIES", 0)

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
# Only languages with a complete catalogue are offered (catalogue/tests/test_translations.py checks
# every one): Chinese and French had none, so a reader who chose them read English. Chinese comes
# back with its catalogue in the cross-border work.
LANGUAGES = [
    ("en", _("English")),
    ("ur", _("Urdu")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [SRC_DIR / "locale"]
# Country names in every offered language from CLDR (django-countries has no Urdu): core/countries.py.
COUNTRIES_OVERRIDE = cldr_overrides()
USE_I18N = True
TIME_ZONE = "Asia/Karachi"
USE_TZ = True

# Currencies a buyer can pick to view prices in; conversion arrives with the pricing engine.
DISPLAY_CURRENCIES = ["USD", "PKR", "EUR", "GBP", "AED", "SAR", "CNY", "JPY", "HKD", "THB", "INR"]
REFERENCE_CURRENCY = "USD"

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [SRC_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
SERVE_MEDIA = envbool("SERVE_MEDIA", DEBUG)
# Sellers' documents (trade licences, ID cards): outside MEDIA_ROOT, never served by URL; streamed by
# a view to council staff and the seller's owners only (sellers/storage.py).
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
SELLER_DOCUMENT_MAX_BYTES = envint("SELLER_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# How long an owner's invitation to join a seller business stays valid (seller centre → Team).
SELLER_INVITATION_DAYS = envint("SELLER_INVITATION_DAYS", 7)

# Image uploads are checked by content: real image, bounded bytes and pixels.
IMAGE_MAX_BYTES = envint("IMAGE_MAX_BYTES", 10 * 1024 * 1024)
IMAGE_MAX_PIXELS = envint("IMAGE_MAX_PIXELS", 40_000_000)
IMAGE_MAX_SIDE = envint("IMAGE_MAX_SIDE", 2400)
THUMBNAIL_SIDE = envint("THUMBNAIL_SIDE", 480)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Bulk import of listings (imports/): limits on the spreadsheet and the images ZIP.
IMPORT_MAX_FILE_BYTES = envint("IMPORT_MAX_FILE_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_REPORTED_ERRORS = envint("IMPORT_MAX_REPORTED_ERRORS", 1000)
# A running import job that has not reported progress for this long is failed (its worker died).
IMPORT_STALE_MINUTES = envint("IMPORT_STALE_MINUTES", 30)
# How many times such a job is re-queued before it is failed (a commit only when nothing was written).
IMPORT_STALE_RETRIES = envint("IMPORT_STALE_RETRIES", 1)
# Uploaded spreadsheets and pictures ZIPs are deleted this many days after their job ended.
IMPORT_FILE_RETENTION_DAYS = envint("IMPORT_FILE_RETENTION_DAYS", 30)
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = envint("IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES", 400 * 1024 * 1024)
IMPORT_IMAGES_MAX_BYTES = envint("IMPORT_IMAGES_MAX_BYTES", 200 * 1024 * 1024)
IMPORT_ZIP_MAX_ENTRIES = envint("IMPORT_ZIP_MAX_ENTRIES", 5000)
IMPORT_ZIP_MAX_TOTAL_BYTES = envint("IMPORT_ZIP_MAX_TOTAL_BYTES", 1024 * 1024 * 1024)
IMPORT_ZIP_MAX_RATIO = envint("IMPORT_ZIP_MAX_RATIO", 100)
# On PostgreSQL, write checked batches from a second connection while the next rows are checked.
IMPORT_PIPELINE = envbool("IMPORT_PIPELINE", True)

# Bulk actions on a seller's listings (catalogue/bulk/): up to this many listings run in the
# request; more run as a background job with a progress page. Each batch of this many listings
# is one transaction (its rows locked in id order), so a large selection never holds one long
# transaction. A running job silent for this many minutes is taken over by a re-delivered task.
LISTINGS_BULK_INLINE_MAX = envint("LISTINGS_BULK_INLINE_MAX", 200)
LISTINGS_BULK_BATCH_SIZE = envint("LISTINGS_BULK_BATCH_SIZE", 100)
LISTINGS_BULK_STALE_MINUTES = envint("LISTINGS_BULK_STALE_MINUTES", 15)
# How many skipped listings (with their reasons) a bulk job keeps; its counts cover all.
LISTINGS_BULK_MAX_REPORTED = envint("LISTINGS_BULK_MAX_REPORTED", 1000)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Email ----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "GemBazaar <no-reply@gembazaar.local>")

# --- Security (production mode: DEBUG off) ---------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts and styles only from our own origin, no inline
# script or style attribute anywhere (templates keep them in static files), no plugins, no
# framing, forms post only here. `data:` pictures are Swagger UI's icons. A payment provider's
# pages (issue 16) are reached by redirect, which form-action 'self' does not block; one that
# needs a form posted to it adds its origin to form-action here. DEBUG's 404/500 debug pages
# are exempted by django-csp itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'", *env("CSP_FORM_ACTION_EXTRA", "").split()],
        "frame-ancestors": ["'none'"],
    },
}
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
}

# --- Pricing (docs/PRICING.md) ---------------------------------------------------------------
# Metal-linked listings show "price on request" (and cannot be bought) when no rate is newer.
PRICING_STALE_AFTER_HOURS = envint("PRICING_STALE_AFTER_HOURS", 36)
# A rate further than this from the last one is refused unless confirm=true is sent.
PRICING_JUMP_CONFIRM_PERCENT = envint("PRICING_JUMP_CONFIRM_PERCENT", 50)
# How long a quoted metal-linked price holds in checkout (the orders app locks it).
PRICE_LOCK_MINUTES = envint("PRICE_LOCK_MINUTES", 15)
# "" (none: rates are entered by council staff), "http" (HttpJsonRateProvider) or "local" (development).
RATE_PROVIDER = env("RATE_PROVIDER")
RATE_PROVIDER_URL = env("RATE_PROVIDER_URL")
# JSON: {"<metal>:<fineness>:<unit>:<currency>": "<dotted path in the response>"}, see docs/PRICING.md.
RATE_PROVIDER_FIELDS = env("RATE_PROVIDER_FIELDS")
RATE_PROVIDER_SOURCE = env("RATE_PROVIDER_SOURCE", "rate provider")
RATE_PROVIDER_TIMEOUT = envint("RATE_PROVIDER_TIMEOUT", 10)

# --- API ------------------------------------------------------------------------------------
API_PAGE_SIZE = 24
API_MAX_PAGE_SIZE = 100
