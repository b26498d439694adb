import datetime
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from dwgk.env import (
    ConfigurationError,
    env_bool,
    env_int,
    env_list,
    env_rate,
    env_str,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("DWGK_VAR_DIR", str(BASE_DIR / "var")))

# local: one machine on plain HTTP (the README's run command); production: behind a TLS proxy;
# development: a developer's machine with Django's debug pages; test: the test suite.
# Debug pages list the URL patterns and show tracebacks, so they are opted into, never the default.
DWGK_ENV = env_str("DWGK_ENV", "local")
if DWGK_ENV not in {"local", "development", "production", "test"}:
    raise ConfigurationError(
        f"DWGK_ENV={DWGK_ENV!r} must be local, development, production or test"
    )
PRODUCTION = DWGK_ENV == "production"

SECRET_KEY = secret_key(production=PRODUCTION, key_file=VAR_DIR / "secret_key")
DEBUG = env_bool("DEBUG", default=DWGK_ENV == "development")
if PRODUCTION and DEBUG:
    raise ConfigurationError("DEBUG must be off when DWGK_ENV=production")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",  # login throttling; before organizations, whose sign-in receivers read its records
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # serves its own Swagger UI files instead of a CDN
    "health_check",  # /readyz (dwgk.health)
    "dwgk",
    "organizations",
    "audit",
    "pagecache",
    "workflow",
    "catalog",
    "workdays",
    "obligations",
    "notifications",
    "disclosures",
    "archive",
    "search",
    "portal",
    "api",
]

MIDDLEWARE = [
    # First and last: requests and latency by view for /metrics (dwgk.metrics).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dwgk.middleware.chosen_language_middleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "organizations.signin.SessionGateMiddleware",  # two-factor step, idle staff sessions
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout into the login page with the wait
    "dwgk.middleware.refusal_middleware",  # a BadInput no form showed: the 400 page with its reason
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "dwgk.urls"
CSRF_FAILURE_VIEW = "dwgk.errors.csrf_failure"
WSGI_APPLICATION = "dwgk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dwgk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.display_preferences",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dwgk.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Kept open across requests like any database: opening one costs the three PRAGMAs above on
    # every request (about 2 ms, more than a cached page). WAL readers hold no lock between queries.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env_str("DWGK_TEST_SQLITE", "") or None

# django-prometheus counts queries by wrapping the engine: Django's own backend with the same
# OPTIONS (the WAL setup above) and the same vendor, so nothing else changes.
DATABASES["default"]["ENGINE"] = DATABASES["default"]["ENGINE"].replace(
    "django.db.backends.", "django_prometheus.db.backends."
)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Seconds a page stays in the shared page cache (pagecache.cache: a table in the database every
# server shares, keyed by the public content version); 0 turns the cache off.
DWGK_PAGE_CACHE_SECONDS = env_int("DWGK_PAGE_CACHE_SECONDS", 60)
DWGK_PAGE_CACHE_MAX_PAGES = env_int("DWGK_PAGE_CACHE_MAX_PAGES", 20000)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organizations.User"
# Django's own database sessions and model authentication, each reading its row with one plain
# statement on every signed-in request (see organizations/sessions.py, organizations/backends.py).
SESSION_ENGINE = "organizations.sessions"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username and address first
    "organizations.backends.UserBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "organizations:my_work"  # 我的工作, unless the login came with ?next=
LOGOUT_REDIRECT_URL = "portal:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "dwgk" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded files live outside the static and web roots and are served only through scoped views.
MEDIA_ROOT = Path(env_str("DWGK_MEDIA_ROOT", str(VAR_DIR / "files")))
# Never routed: files are served only by the scoped views (the test live server would serve this path).
MEDIA_URL = "/unrouted-media/"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "dwgk@localhost")

SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Product settings.
DWGK_SITE_NAME = env_str("DWGK_SITE_NAME", "党务公开网")
DWGK_BASE_URL = env_str("DWGK_BASE_URL", "http://127.0.0.1:8000")
DWGK_IMPORT_MAX_BYTES = env_int("DWGK_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
DWGK_ATTACHMENT_MAX_BYTES = env_int("DWGK_ATTACHMENT_MAX_BYTES", 50 * 1024 * 1024)
# Zip containers (docx, xlsx, pptx) are measured before parsing: unpacked size, members, ratio.
DWGK_ZIP_MAX_BYTES = env_int("DWGK_ZIP_MAX_BYTES", 50 * 1024 * 1024)
DWGK_ZIP_MAX_MEMBERS = env_int("DWGK_ZIP_MAX_MEMBERS", 2000)
DWGK_ZIP_MAX_RATIO = env_int("DWGK_ZIP_MAX_RATIO", 100)
# An imported xlsx is read whole into memory, which takes many times its unpacked size.
DWGK_IMPORT_MAX_UNPACKED_BYTES = env_int("DWGK_IMPORT_MAX_UNPACKED_BYTES", 10 * 1024 * 1024)
DWGK_HOLIDAYS_MAX_BYTES = env_int("DWGK_HOLIDAYS_MAX_BYTES", 1024 * 1024)
# Attachment text is extracted in a child process with these bounds.
DWGK_EXTRACT_TIMEOUT_SECONDS = env_int("DWGK_EXTRACT_TIMEOUT_SECONDS", 30)
DWGK_EXTRACT_MAX_MEMORY_MB = env_int("DWGK_EXTRACT_MAX_MEMORY_MB", 1024)
DWGK_REMIND_WITHIN_WORKDAYS = env_int("DWGK_REMIND_WITHIN_WORKDAYS", 3)
DWGK_INTERNAL_PERIOD_WORKDAYS = env_int("DWGK_INTERNAL_PERIOD_WORKDAYS", 5)
DWGK_SCHEDULER_INTERVAL_SECONDS = env_int("DWGK_SCHEDULER_INTERVAL_SECONDS", 300)
# Addresses (or networks) that may read /metrics; anyone else gets 404.
DWGK_METRICS_ALLOW = env_list("DWGK_METRICS_ALLOW", ["127.0.0.1", "::1"])
# Directory of PostgreSQL's client programs for `dwgk backup`/`restore` (empty: from PATH).
DWGK_PG_BIN_DIR = env_str("DWGK_PG_BIN_DIR", "")

# -- Rate limits (issue 14; dwgk.ratelimit, dwgk.client) ------------------------------------------
# Anonymous requests to search, the working-day calculator and the API are counted per client
# address and group; signed-in users per account with the larger limit. "N/m" is N requests a
# minute (s, m, h, d); "off" turns a limit off. The counters are in the "ratelimit" cache, a table
# in the shared database (created by migration dwgk 0001, or `dwgk createcachetable`), so one
# limit holds for all servers. X-Forwarded-For is believed only from DWGK_TRUSTED_PROXIES.
DWGK_TRUSTED_PROXIES = env_list("DWGK_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
DWGK_RATE_LIMITS = {
    "search": env_rate("DWGK_RATE_LIMIT_SEARCH", "30/m"),
    "workdays": env_rate("DWGK_RATE_LIMIT_WORKDAYS", "60/m"),
    "api": env_rate("DWGK_RATE_LIMIT_API", "120/m"),
}
DWGK_RATE_LIMIT_SIGNED_IN = env_rate("DWGK_RATE_LIMIT_SIGNED_IN", "600/m")
CACHES["ratelimit"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "dwgk_ratelimit",
    # Counters of expired windows are deleted once the table holds this many rows.
    "OPTIONS": {"MAX_ENTRIES": env_int("DWGK_RATE_LIMIT_MAX_ENTRIES", 20000)},
}

# -- Sign-in and headers (issue 14; organizations.signin, organizations.two_factor) --------------
# Login throttling (django-axes): after DWGK_LOGIN_FAILURE_LIMIT wrong passwords for one username
# from one client address, that pair is refused for DWGK_LOGIN_LOCKOUT_MINUTES (the wait is shown);
# other addresses are not affected. A unit administrator or the superuser can unlock earlier
# (back office: 用户 → 解除登录锁定).
AXES_FAILURE_LIMIT = env_int("DWGK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("DWGK_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries during a lockout do not restart it, so the wait shown is the wait.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "organizations.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "organizations.signin.client_ip"  # dwgk.client behind the proxy
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit trail instead
AXES_ENABLE_ADMIN = False  # unlocking goes through organizations.services.account_unlock
AXES_VERBOSE = False
# Two-factor sign-in (django-otp, TOTP): required of staff (office, approvers, administrators,
# upper-level office, back-office users) when on; anyone who enrolled is asked for the code anyway.
DWGK_REQUIRE_2FA = env_bool("DWGK_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = DWGK_SITE_NAME
# A staff session ends after this many minutes without a request (0: never).
DWGK_STAFF_IDLE_MINUTES = env_int("DWGK_STAFF_IDLE_MINUTES", 30)
# Content-Security-Policy (django-csp): nothing inline, nothing from elsewhere.
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
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# HTTPS in production, behind a TLS proxy that sets DWGK_PROXY_SSL_HEADER ("Header: value";
# "off" when nothing in front sets it).
if PRODUCTION:
    _proxy_header = env_str("DWGK_PROXY_SSL_HEADER", "X-Forwarded-Proto: https")
    if _proxy_header.lower() != "off":
        _name, _sep, _value = _proxy_header.partition(":")
        if not _sep or not _name.strip() or not _value.strip():
            raise ConfigurationError(
                f"DWGK_PROXY_SSL_HEADER={_proxy_header!r} must read 'Header: value' or 'off'"
            )
        SECURE_PROXY_SSL_HEADER = (
            "HTTP_" + _name.strip().upper().replace("-", "_"),
            _value.strip(),
        )
    SECURE_SSL_REDIRECT = env_bool("DWGK_SSL_REDIRECT", True)
    # Health checks come from the machine itself, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_HSTS_SECONDS = env_int("DWGK_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DWGK_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DWGK_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Libraries that narrate their work at INFO would bury the run command's own output.
    "loggers": {
        name: {"level": "WARNING"} for name in ("jieba", "weasyprint", "fontTools", "axes")
    },
}
