"""sotay settings: one file, driven by environment variables (see docs/deployment.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SOTAY_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # Embedded default: a key generated once and kept under var/, never committed.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

# Key for personal data encrypted at rest (citizen ID, phone). Several keys may be given,
# comma-separated, newest first, to rotate.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", "") or [SECRET_KEY]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves Swagger UI from its own static files instead of a CDN
    "django_tasks",
    "django_tasks_db",
    "treebeard",
    "sotay.core",
    "sotay.orgs",
    "sotay.members",
    "sotay.notices",
    "sotay.content",
    "sotay.identity",
    "sotay.meetings",
    "sotay.study",
    "sotay.participation",
    "sotay.planner",
    "sotay.messaging",
    "sotay.assistant",
    "sotay.ekyc",
    "sotay.reports",
    "sotay.ratings",
    "sotay.dues",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sotay.core.db_router.ReplicaReadsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sotay.members.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sotay.core.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "sotay.urls"
ASGI_APPLICATION = "sotay.asgi.application"
WSGI_APPLICATION = "sotay.wsgi.application"

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
                "sotay.core.context_processors.ui",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
# PostgreSQL connections come from a pool of at most SOTAY_DB_POOL_MAX per process (psycopg
# pool, Django 5.2): under ASGI every request thread would otherwise keep its own connection
# (two workers held 99 and refused everyone else). A request that waits longer than
# SOTAY_DB_POOL_TIMEOUT seconds for one gets a 503 with Retry-After, never a traceback
# (core.views.server_error). Sizing: processes × SOTAY_DB_POOL_MAX ≤ max_connections − headroom.
DB_POOL_MAX = int(os.environ.get("SOTAY_DB_POOL_MAX", 8))
DB_POOL_TIMEOUT = float(os.environ.get("SOTAY_DB_POOL_TIMEOUT", 10))
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DB_POOL_MAX > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(2, DB_POOL_MAX),
            "max_size": DB_POOL_MAX,
            "timeout": DB_POOL_TIMEOUT,
            "max_idle": 300,
        }
    if env_bool("SOTAY_PGBOUNCER", False):
        # Transaction mode hands each transaction to any server connection: no server-side
        # cursors and no prepared statements (psycopg prepares after 5 runs of a query).
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
    # Streaming replicas (comma-separated URLs): member pages read there, writes and
    # read-your-writes stay on the primary (sotay/core/db_router.py).
    for n, url in enumerate(
        u.strip() for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if u.strip()
    ):
        replica = dj_database_url.parse(url, conn_max_age=0)
        replica["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
        replica["DISABLE_SERVER_SIDE_CURSORS"] = DATABASES["default"].get(
            "DISABLE_SERVER_SIDE_CURSORS", False
        )
        replica["TEST"] = {"MIRROR": "default"}  # the in-process suite: one database
        DATABASES[f"replica{n + 1}"] = replica
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "sotay.sqlite3")),
            "OPTIONS": {
                # WAL lets the web process read while the task worker writes;
                # IMMEDIATE avoids "database is locked" on lock upgrades.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA cache_size=-64000; PRAGMA temp_store=MEMORY;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
        }
    }

DATABASE_ROUTERS = ["sotay.core.db_router.ReplicaRouter"]
# After a member's write (a POST) their reads stay on the primary this long: longer than the
# replicas' lag, so that what they just wrote is on the next page they see.
SOTAY_REPLICA_PIN_SECONDS = float(os.environ.get("SOTAY_REPLICA_PIN_SECONDS", 15))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"
PASSWORD_HASHERS = [
    "sotay.members.hashers.SotayArgon2Hasher",  # see there: strength and cost per sign-in
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # older hashes, upgraded at sign-in
]
AUTHENTICATION_BACKENDS = ["sotay.members.auth.IdentifierBackend"]
LOGIN_URL = "members:login"
LOGIN_REDIRECT_URL = "app:home"
LOGOUT_REDIRECT_URL = "members:login"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Task workers beat every few seconds; one silent for the lease is taken as dead and the
# tasks it held are retried or failed (sotay/core/worker.py).
# The report centre's rollups of the current month are recomputed this often by the worker.
SOTAY_REPORTS_REFRESH_SECONDS = int(os.environ.get("SOTAY_REPORTS_REFRESH_SECONDS", 600))
# How often the worker makes sure every member has this month's dues charge (new members,
# arrivals; the first run of a month opens it for everyone).
SOTAY_DUES_OPEN_SECONDS = int(os.environ.get("SOTAY_DUES_OPEN_SECONDS", 3600))
SOTAY_WORKER_BEAT_SECONDS = float(os.environ.get("SOTAY_WORKER_BEAT_SECONDS", 5))
SOTAY_WORKER_LEASE_SECONDS = float(os.environ.get("SOTAY_WORKER_LEASE_SECONDS", 30))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Websockets: one process needs no broker (the embedded default of `make run`); several
# processes or servers share messages through Redis (REDIS_URL, e.g. redis://127.0.0.1:6379/0).
CHANNEL_LAYERS = (
    {
        "default": {
            # Pub/sub: one subscription per process instead of a blocking pop per connection,
            # which timed out under 1,000 connections in bench/messaging.py.
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [os.environ["REDIS_URL"]]},
        }
    }
    if os.environ.get("REDIS_URL")
    else {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
)
SOTAY_MESSAGE_MAX_MB = int(os.environ.get("SOTAY_MESSAGE_MAX_MB", 10))

# Cache: Redis, shared by every process and host, when REDIS_URL is set (production); else
# local memory, one per process (the embedded default). What is cached per member or per role
# (sotay/core/cache.py) needs every process to see the same invalidations, so it is cached only
# when the cache is shared; what is cached per audience expires by itself within seconds.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("SOTAY_CACHE_URL") or os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("SOTAY_CACHE_PREFIX", "sotay"),
            "TIMEOUT": 300,
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 300}
    )
}
SOTAY_CACHE_SHARED = bool(os.environ.get("REDIS_URL"))
# Sessions read from the shared cache (written through to the database): no session query per
# request. With one cache per process a sign-out in one would not reach the others: database.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SOTAY_CACHE_SHARED
    else "django.contrib.sessions.backends.db"
)

LANGUAGE_CODE = "vi"
# Only Vietnamese until another language has its translations: a phone set to English must
# not get English day names and messages in the middle of a Vietnamese page.
LANGUAGES = [("vi", "Tiếng Việt")]
# With one language there is nothing to negotiate: no LocaleMiddleware on every request (add it
# back, after SessionMiddleware, together with the second language's translations).
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise expects it even before collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
# Nothing is served under MEDIA_URL: private files go through access-checked views
# (sotay/core/files.py), sent by nginx with X-Accel-Redirect when this prefix is set.
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
SOTAY_PRIVATE_FILES_ACCEL = os.environ.get("SOTAY_PRIVATE_FILES_ACCEL", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside DEBUG static files are served from STATIC_ROOT (collectstatic: `make run` does it),
# indexed once at start-up, never looked up through the finders per request.
WHITENOISE_USE_FINDERS = env_bool("SOTAY_STATIC_FINDERS", DEBUG)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SOTAY_IMPORT_MAX_BYTES = int(os.environ.get("SOTAY_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
# What an imported sheet may hold: rows and columns read, and the size of the unpacked file.
SOTAY_IMPORT_MAX_ROWS = int(os.environ.get("SOTAY_IMPORT_MAX_ROWS", 200_000))
SOTAY_IMPORT_MAX_COLUMNS = int(os.environ.get("SOTAY_IMPORT_MAX_COLUMNS", 100))
SOTAY_IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("SOTAY_IMPORT_MAX_UNPACKED_BYTES", 400 * 1024 * 1024)
)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and "127.0.0.1" not in ALLOWED_HOSTS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Production profile (HTTPS, on by the same rule as secure cookies): redirect plain HTTP, tell
# browsers to use HTTPS only (HSTS), and trust the scheme the TLS proxy reports. That header is
# only trusted because the proxy in front (docs/deployment.md) always overwrites it.
HTTPS = env_bool("SOTAY_HTTPS", SESSION_COOKIE_SECURE)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)  # allows, not submits
# Addresses of the reverse proxies allowed to say who the client is (X-Forwarded-For), as IPs
# or networks; requests from anyone else are taken at their socket address.
TRUSTED_PROXIES = env_list("SOTAY_TRUSTED_PROXIES", "")
# Members stay signed in on their own phone for half a year (a session ends sooner when they
# sign out, change the password, or a committee revokes the account): the monthly meeting
# evening is not a storm of sign-ins.
SESSION_COOKIE_AGE = 60 * 60 * 24 * 180

# Sign-in throttling: failures per identifier and per address inside the window.
SIGNIN_WINDOW_SECONDS = 15 * 60
SIGNIN_MAX_FAILURES_PER_IDENTIFIER = 5
SIGNIN_MAX_FAILURES_PER_IP = 30

# Registration by party card and face (eKYC): attempts allowed, and how long card and selfie
# images are kept after a decision (0: deleted at once).
EKYC_READS_PER_DEVICE_HOUR = int(os.environ.get("SOTAY_EKYC_READS_PER_DEVICE_HOUR", 10))
EKYC_READS_PER_IP_HOUR = int(os.environ.get("SOTAY_EKYC_READS_PER_IP_HOUR", 60))
EKYC_SUBMITS_PER_DEVICE_HOUR = int(os.environ.get("SOTAY_EKYC_SUBMITS_PER_DEVICE_HOUR", 3))
EKYC_SUBMITS_PER_IP_HOUR = int(os.environ.get("SOTAY_EKYC_SUBMITS_PER_IP_HOUR", 20))
EKYC_SUBMITS_PER_CARD_DAY = int(os.environ.get("SOTAY_EKYC_SUBMITS_PER_CARD_DAY", 3))
EKYC_RETENTION_DAYS = int(os.environ.get("SOTAY_EKYC_RETENTION_DAYS", 0))
ACTIVATION_CODE_TTL_HOURS = 72
PROBATION_MONTHS = 12

# Notifications
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:quantri@sotay.invalid")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Sổ tay đảng viên <khong-tra-loi@sotay.invalid>"
)
SMS_GATEWAY = os.environ.get("SMS_GATEWAY", "console")  # "console" or "http"
SMS_HTTP_URL = os.environ.get("SMS_HTTP_URL", "")
SMS_HTTP_TOKEN = os.environ.get("SMS_HTTP_TOKEN", "")
SMS_MAX_CHARS = 320
NOTIFY_RETRY_BASE_SECONDS = int(os.environ.get("NOTIFY_RETRY_BASE_SECONDS", 30))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Content: the public Party texts loaded as demo documents (the deployment's ../shared/corpus
# unless SOTAY_CORPUS_DIR says otherwise), upload limit, fonts for printable PDFs.
CORPUS_DIRS = [
    Path(p)
    for p in [
        os.environ.get("SOTAY_CORPUS_DIR", ""),
        str(BASE_DIR.parent / "shared" / "corpus"),
        "/work/shared/corpus",
    ]
    if p
]
CONTENT_MAX_UPLOAD_MB = int(os.environ.get("SOTAY_MAX_UPLOAD_MB", "25"))
PDF_FONT_DIR = os.environ.get("SOTAY_PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
