"""Test settings: the same as production except for speed-only changes."""

from .settings import *  # noqa: F403
from .settings import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The in-process suite keeps plain connections (the pool is tested against a real server by
# core/tests/test_db_pool.py, which starts its own processes with it).
DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
SESSION_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
NOTIFY_RETRY_BASE_SECONDS = 0
CSRF_COOKIE_SECURE = False
# The in-process suite is one process: its local-memory cache is shared by everything the
# tests do, so the per-member and per-role caches run in every test (cleared between tests).
SOTAY_CACHE_SHARED = True
SOTAY_RECEIPTS_BATCH = False  # each reading receipt at once (content/receipts.py is tested alone)
