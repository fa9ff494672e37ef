"""Settings for Taipei Day Trip.

Everything that differs per deploy comes from the environment (see `.env.example`), with
local defaults that run the site on SQLite and local media. `DJANGO_ENV=production` turns
on the secure defaults and refuses to start half-configured.
"""

import os
from pathlib import Path

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


IS_PRODUCTION = env("DJANGO_ENV", "development") == "production"


def required(name: str) -> str:
    """In production a missing variable stops start-up instead of running half-configured."""
    value = env(name)
    if IS_PRODUCTION and not value:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_ENV=production")
    return value


DEBUG = env_bool("DJANGO_DEBUG", default=False)
if IS_PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off when DJANGO_ENV=production")

SECRET_KEY = (
    required("DJANGO_SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "" if IS_PRODUCTION else "localhost,127.0.0.1,[::1]"
)
if IS_PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must be set when DJANGO_ENV=production"
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with the back office's site (second factor, roster, dashboard).
    "backoffice.admin_config.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",  # its sitemap.xml templates (attractions/sitemaps.py)
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "adminsortable2",
    "accounts",
    "attractions",
    "bookings",
    "orders",
    "mail",
    "sitepages",
    "django_celery_results",
    "backoffice",
]
if not IS_PRODUCTION:
    # Local stand-ins for outside services (the fake TapPay server, its command and the
    # fake TPDirect SDK): absent in production, so nothing of them is collected or run.
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "taipei_trip.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before ApiErrorMiddleware, so the JSON error bodies it writes are in the API's
    # language too.
    "taipei_trip.i18n.LanguageMiddleware",
    "taipei_trip.api.ApiErrorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.BearerTokenMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sitepages.middleware.FriendlyErrorPagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "backoffice.middleware.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "taipei_trip.urls"
WSGI_APPLICATION = "taipei_trip.wsgi.application"
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "orders.context_processors.tappay",
                "sitepages.context.company",
            ],
            # Money, dates and times as the active language writes them, everywhere.
            "builtins": ["taipei_trip.format_filters"],
        },
    },
]


def database() -> dict:
    """SQLite file by default; MySQL/MariaDB (utf8mb4) when DB_ENGINE=mysql."""
    engine = env("DB_ENGINE", "sqlite")
    if engine == "sqlite":
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("DB_NAME") or BASE_DIR / "db.sqlite3",
            # Writers queue rather than fail: BEGIN IMMEDIATE takes the write lock when
            # a transaction starts (a deferred one that reads first and then writes
            # fails at once with "database is locked" when another writer got in
            # between), and each waits up to `timeout` seconds for it.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    if engine != "mysql":
        raise ImproperlyConfigured(f"DB_ENGINE must be sqlite or mysql, not {engine!r}")
    # unicode_520_ci weighs every CJK ideograph (including supplementary-plane ones, which
    # unicode_ci folds together) and exists on both MariaDB and MySQL 8.
    collation = env("DB_COLLATION", "utf8mb4_unicode_520_ci")
    name = env("DB_NAME", "taipei_trip")
    return {
        "ENGINE": "django.db.backends.mysql",
        "NAME": name,
        "USER": env("DB_USER", "taipei_trip"),
        "PASSWORD": env("DB_PASSWORD"),
        "HOST": env("DB_HOST", "127.0.0.1"),
        "PORT": env("DB_PORT", "3306"),
        "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "charset": "utf8mb4",
            "init_command": (
                "SET sql_mode='STRICT_TRANS_TABLES', "
                f"collation_connection='{collation}', "
                # A lock wait gives up (a clean error, the connection kept) before the
                # read timeout would drop the connection.
                f"innodb_lock_wait_timeout={env_int('DB_LOCK_WAIT_TIMEOUT', 8)}"
            ),
            "isolation_level": "read committed",
            # A database that stops answering (frozen, a network partition) must fail
            # the request with a 503 within seconds, not hold a worker for as long as
            # it lasts. The read timeout bounds the longest query and lock wait too.
            "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 3),
            "read_timeout": env_int("DB_READ_TIMEOUT", 10),
            "write_timeout": env_int("DB_WRITE_TIMEOUT", 10),
        },
        "TEST": {"NAME": f"test_{name}", "CHARSET": "utf8mb4", "COLLATION": collation},
    }


DATABASES = {"default": database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache() -> dict:
    """Redis when REDIS_URL is set; else a database table, so every process shares it."""
    redis_url = env("REDIS_URL")
    if redis_url:
        return {
            "BACKEND": "taipei_trip.cache.ReusedClientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "taipei_trip"),
            # Redis is a cache: past these a request goes on without it (the catalogue
            # from the database) or answers 503, instead of hanging on a dead server.
            "OPTIONS": {
                "socket_connect_timeout": float(env("REDIS_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(env("REDIS_TIMEOUT", "0.5")),
            },
        }
    return {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }


CACHES = {"default": cache()}
# How long an app process may reuse the shared catalogue version it read before asking the
# cache again (attractions/catalogue_cache.py): an admin edit reaches the other processes
# at most this much later. 0 reads it on every request.
CATALOGUE_VERSION_CHECK_SECONDS = float(env("CATALOGUE_VERSION_CHECK_SECONDS", "0.5"))
# How long a catalogue answer may stay in the cache (0 turns the catalogue cache off), and
# how many answers may be stored per such window (so at most twice that many exist).
CATALOGUE_CACHE_SECONDS = int(env("CATALOGUE_CACHE_SECONDS", "300"))
CATALOGUE_CACHE_MAX_ENTRIES = int(env("CATALOGUE_CACHE_MAX_ENTRIES", "1000"))

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        # Members have one `name`, not first/last names or a username.
        "OPTIONS": {"user_attributes": ["email", "name"]},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# 繁體中文 is the source language (msgids are Chinese) and the default at unprefixed URLs;
# English and Japanese pages live under /en/ and /ja/, their catalogues in locale/.
LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文"), ("en", "English"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language switch's choice (taipei_trip/views.py): kept a year, sent on same-site
# navigations only, readable by no script (nothing in the browser needs it).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Leaflet (package.json's pinned "leaflet", installed by `npm ci`), served by the site
    # itself under /static/vendor/leaflet/: the attraction page's map.
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
]
# Outside production, whitenoise serves straight from the app folders (no collectstatic).
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
WHITENOISE_AUTOREFRESH = not IS_PRODUCTION
MEDIA_URL = env("STORAGE_MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("STORAGE_MEDIA_ROOT") or BASE_DIR / "media")


def storages() -> dict:
    """Local files by default; an S3-compatible bucket when STORAGE_BACKEND=s3."""
    static_backend = (
        "taipei_trip.storage.StaticFilesStorage"
        if env_bool("DJANGO_STATIC_MANIFEST", default=IS_PRODUCTION)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    backend = env("STORAGE_BACKEND", "local")
    if backend == "local":
        default = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    elif backend == "s3":
        default = {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": required("STORAGE_BUCKET") or env("STORAGE_BUCKET"),
                "endpoint_url": env("STORAGE_ENDPOINT_URL") or None,
                "region_name": env("STORAGE_REGION") or None,
                "access_key": env("STORAGE_ACCESS_KEY") or None,
                "secret_key": env("STORAGE_SECRET_KEY") or None,
                "custom_domain": env("STORAGE_CUSTOM_DOMAIN") or None,
                "file_overwrite": False,
                "querystring_auth": False,
                "default_acl": None,
            },
        }
    else:
        raise ImproperlyConfigured(
            f"STORAGE_BACKEND must be local or s3, not {backend!r}"
        )
    return {"default": default, "staticfiles": {"BACKEND": static_backend}}


STORAGES = storages()

EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "台北一日遊 <no-reply@localhost>")
# A mail server that stops answering must not hold a worker for long.
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 20)
# Links in e-mails point here (a mail has no request to build URLs from).
SITE_URL = env(
    "DJANGO_SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if IS_PRODUCTION else "http://127.0.0.1:8000",
).rstrip("/")

# The task queue (taipei_trip/celery.py, docs/deployment.md). Redis is the broker; `make
# run` starts a private one. Results are not kept, except errors: a task that keeps
# failing stays in the admin ("Celery Results") with its traceback.
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or env(
    "REDIS_URL", "redis://127.0.0.1:6379/0"
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task's ETA (a retry's countdown) must stay below the visibility timeout, or Redis
# hands the message to a second worker; MAIL_RETRY_MAX_DELAY is well under it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 3600}
# With the broker down, enqueueing gives up within about a second instead of holding the
# request; the mail outbox's sweep sends what was not enqueued.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_RESULT_EXPIRES = None  # never purge stored failures; staff delete them
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_STORE_ERRORS_EVEN_IF_IGNORED = True
# A task is acknowledged once it finished, so one whose worker died runs again.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_BEAT_SCHEDULE = {
    "mail-requeue-stalled": {
        "task": "mail.tasks.requeue_stalled_emails",
        "schedule": 60.0,
    },
    "orders-trip-reminders": {
        "task": "orders.tasks.send_trip_reminders",
        "schedule": crontab(minute=0, hour="9-21"),
    },
}
# Mail delivery (mail/services.py): attempts before an e-mail is marked failed, and the
# exponential backoff between them (seconds).
MAIL_MAX_ATTEMPTS = env_int("DJANGO_MAIL_MAX_ATTEMPTS", 12)
MAIL_RETRY_BASE_DELAY = float(env("DJANGO_MAIL_RETRY_BASE_DELAY", "30"))
MAIL_RETRY_MAX_DELAY = float(env("DJANGO_MAIL_RETRY_MAX_DELAY", "3600"))
# A worker that claimed an e-mail and went silent this long is presumed dead.
MAIL_SENDING_LEASE = env_int("DJANGO_MAIL_SENDING_LEASE", 600)

# TapPay Pay by Prime. With no partner key, `make run` starts the local fake gateway.
TAPPAY_BASE_URL = env("TAPPAY_BASE_URL", "https://sandbox.tappaysdk.com")
TAPPAY_PARTNER_KEY = env("TAPPAY_PARTNER_KEY")
TAPPAY_MERCHANT_ID = env("TAPPAY_MERCHANT_ID")
TAPPAY_APP_ID = env("TAPPAY_APP_ID")
TAPPAY_APP_KEY = env("TAPPAY_APP_KEY")
TAPPAY_SERVER_TYPE = env("TAPPAY_SERVER_TYPE", "sandbox")
TAPPAY_SDK_URL = env("TAPPAY_SDK_URL", "https://js.tappaysdk.com/sdk/tpdirect/v5.18.0")
TAPPAY_TIMEOUT = float(env("TAPPAY_TIMEOUT", "30"))
# Redirect payments (3-D Secure, LINE Pay, JKO Pay): TapPay sends the buyer back to
# SITE_URL and notifies it there, so SITE_URL must be https on port 443 (plain http only
# on loopback, for the local fake).
TAPPAY_THREE_DOMAIN_SECURE = env_bool(
    "TAPPAY_THREE_DOMAIN_SECURE", default=IS_PRODUCTION
)
TAPPAY_LINE_PAY_MERCHANT_ID = env("TAPPAY_LINE_PAY_MERCHANT_ID")
TAPPAY_JKO_PAY_MERCHANT_ID = env("TAPPAY_JKO_PAY_MERCHANT_ID")
# A redirect the buyer has not completed in this many minutes is settled as failed.
TAPPAY_REDIRECT_MINUTES = float(env("TAPPAY_REDIRECT_MINUTES", "15"))
if IS_PRODUCTION and (
    TAPPAY_THREE_DOMAIN_SECURE
    or TAPPAY_LINE_PAY_MERCHANT_ID
    or TAPPAY_JKO_PAY_MERCHANT_ID
):
    if not SITE_URL.startswith("https://"):
        raise ImproperlyConfigured(
            "DJANGO_SITE_URL must be the site's https:// address when 3-D Secure "
            "or a wallet is on (TapPay sends the buyer back and notifies it there)"
        )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Members (accounts app): attempt limits (accounts/throttling.py, counted in the
# database), proxies, avatar limits. Sign-in attempts per e-mail+client-address pair and
# per client address in a window (seconds), refused past the limit; per e-mail, after
# SIGN_IN_FAILURES_BEFORE_DELAY each further attempt waits a doubling delay of at most
# SIGN_IN_MAX_DELAY seconds instead (a delay, never a lockout of the member).
SIGN_IN_FAILURES_PER_PAIR = env_int("DJANGO_SIGN_IN_FAILURES_PER_PAIR", 5)
SIGN_IN_FAILURES_PER_ADDRESS = env_int("DJANGO_SIGN_IN_FAILURES_PER_ADDRESS", 20)
SIGN_IN_FAILURES_BEFORE_DELAY = env_int("DJANGO_SIGN_IN_FAILURES_BEFORE_DELAY", 10)
SIGN_IN_MAX_DELAY = env_int("DJANGO_SIGN_IN_MAX_DELAY", 60)
SIGN_IN_FAILURE_WINDOW = env_int("DJANGO_SIGN_IN_FAILURE_WINDOW", 15 * 60)
# Sign-up attempts per client address and per e-mail address in a window (seconds):
# the 400 for a registered address stays, so listing members is this slow.
SIGN_UPS_PER_ADDRESS = env_int("DJANGO_SIGN_UPS_PER_ADDRESS", 10)
SIGN_UPS_PER_EMAIL = env_int("DJANGO_SIGN_UPS_PER_EMAIL", 3)
SIGN_UP_WINDOW = env_int("DJANGO_SIGN_UP_WINDOW", 3600)
# Reverse proxies in front of the app that append to X-Forwarded-For; 0 = trust none.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
# Password reset links last an hour (Django's PasswordResetTokenGenerator); requests
# for one are limited per e-mail and per client address in a window (seconds).
PASSWORD_RESET_TIMEOUT = env_int("DJANGO_PASSWORD_RESET_TIMEOUT", 3600)
PASSWORD_RESETS_PER_EMAIL = env_int("DJANGO_PASSWORD_RESETS_PER_EMAIL", 3)
PASSWORD_RESETS_PER_ADDRESS = env_int("DJANGO_PASSWORD_RESETS_PER_ADDRESS", 10)
PASSWORD_RESET_WINDOW = env_int("DJANGO_PASSWORD_RESET_WINDOW", 3600)
# Address verification links last 7 days; a member may ask for a few more per hour.
EMAIL_VERIFICATION_TIMEOUT = env_int("DJANGO_EMAIL_VERIFICATION_TIMEOUT", 7 * 24 * 3600)
VERIFICATION_MAILS_PER_MEMBER = env_int("DJANGO_VERIFICATION_MAILS_PER_MEMBER", 3)
AVATAR_MAX_BYTES = env_int("DJANGO_AVATAR_MAX_BYTES", 5 * 1024 * 1024)
AVATAR_MAX_PIXELS = env_int("DJANGO_AVATAR_MAX_PIXELS", 40_000_000)
# Avatars are stored as squares of this many pixels a side.
AVATAR_SIZE = env_int("DJANGO_AVATAR_SIZE", 256)
# What one decode may expand in memory (about 4 bytes a pixel; a JPEG after its 1/8
# scaling, a PNG or WebP in full), and how many decodes a process runs at once; a
# request finding every slot taken answers 503 after AVATAR_DECODE_WAIT seconds.
AVATAR_MAX_DECODED_PIXELS = env_int("DJANGO_AVATAR_MAX_DECODED_PIXELS", 12_000_000)
AVATAR_DECODES_PER_PROCESS = env_int("DJANGO_AVATAR_DECODES_PER_PROCESS", 1)
AVATAR_DECODE_WAIT = float(env("DJANGO_AVATAR_DECODE_WAIT", "10"))

# Back office (backoffice app): staff sign in with a password and a TOTP code.
OTP_TOTP_ISSUER = env("DJANGO_OTP_ISSUER", "Taipei Day Trip")
# A staff session ends after this many seconds without a request.
ADMIN_IDLE_TIMEOUT = env_int("DJANGO_ADMIN_IDLE_MINUTES", 30) * 60
# The full map the attraction admin's coordinates preview links to ({lat}, {lng}).
MAP_LINK_URL = env(
    "DJANGO_MAP_LINK_URL",
    "https://www.openstreetmap.org/?mlat={lat}&mlon={lng}#map=17/{lat}/{lng}",
)
# The attraction page's map tiles: a URL template as Leaflet takes it ({z}, {x}, {y},
# {s}), and the notice its provider asks for. Blank shows the map without tiles (the
# place's and its neighbours' markers on a plain ground): the default outside production,
# so tests and offline runs ask no outside server. OpenStreetMap's own tile servers fit a
# small site only (their usage policy); a busy one points this at a tile provider.
MAP_TILE_URL = env(
    "DJANGO_MAP_TILE_URL",
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png" if IS_PRODUCTION else "",
)
MAP_TILE_ATTRIBUTION = env("DJANGO_MAP_TILE_ATTRIBUTION", "© OpenStreetMap 貢獻者")
MAP_TILE_ATTRIBUTION_URL = env(
    "DJANGO_MAP_TILE_ATTRIBUTION_URL", "https://www.openstreetmap.org/copyright"
)

# The company behind the site and its customer service, shown in every page's footer and
# on the trust pages. The defaults are placeholders: a real deploy sets its own.
COMPANY_NAME = env("DJANGO_COMPANY_NAME", "台北一日遊股份有限公司（範例）")
COMPANY_TAX_ID = env("DJANGO_COMPANY_TAX_ID", "00000000")
COMPANY_ADDRESS = env("DJANGO_COMPANY_ADDRESS", "臺北市中正區範例路 1 號")
SUPPORT_EMAIL = env("DJANGO_SUPPORT_EMAIL", "service@example.com")
SUPPORT_PHONE = env("DJANGO_SUPPORT_PHONE", "02-0000-0000")
SUPPORT_HOURS = env("DJANGO_SUPPORT_HOURS", "週一至週五 09:00–18:00")

# Trips (bookings/pricing.py reads these; docs/orders.md, "Slots, seats and
# cancellation"). Each slot's start and end in Taipei, "HH:MM".
TRIP_SLOT_TIMES = {"morning": ("09:00", "14:00"), "afternoon": ("14:00", "21:00")}
# A slot can be booked and paid until this many minutes before it starts.
TRIP_BOOKING_CUTOFF_MINUTES = env_int("DJANGO_TRIP_BOOKING_CUTOFF_MINUTES", 120)
# Party size of one booking: 1 to this many participants.
TRIP_MAX_PARTICIPANTS = env_int("DJANGO_TRIP_MAX_PARTICIPANTS", 10)
# Seats (participants) per attraction and slot, unless staff set the attraction's own.
TRIP_SEATS_PER_SLOT = env_int("DJANGO_TRIP_SEATS_PER_SLOT", 20)
# An order that holds seats and is still unpaid this long (no payment in flight) lets
# them go (`manage.py release_expired_holds`, every minute in the beat schedule).
TRIP_SEAT_HOLD_MINUTES = env_int("DJANGO_TRIP_SEAT_HOLD_MINUTES", 15)
# Self-service cancellation: a full refund up to this many hours before the trip
# starts; after that no refund and no self-service cancellation.
TRIP_FREE_CANCELLATION_HOURS = env_int("DJANGO_TRIP_FREE_CANCELLATION_HOURS", 24)
# How long an availability answer may stay in the shared cache; every seat change
# retires the attraction's answers at once, so this only bounds a missed invalidation.
AVAILABILITY_CACHE_SECONDS = env_int("DJANGO_AVAILABILITY_CACHE_SECONDS", 60)
CELERY_BEAT_SCHEDULE["orders-release-expired-holds"] = {
    "task": "orders.tasks.release_expired_holds",
    "schedule": 60.0,
}
