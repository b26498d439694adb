from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from dwgk.env import ConfigurationError, env_bool, env_int, env_list, env_str, secret_key

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
    "ninja",  # serves its own Swagger UI files instead of a CDN
    "dwgk",
    "organizations",
    "audit",
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
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dwgk.middleware.chosen_language_middleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Seconds a page stays in the shared page cache (portal.cache: a table in the database every
# server shares, keyed by the public content version); 0 turns the cache off.
DWGK_PAGE_CACHE_SECONDS = env_int("DWGK_PAGE_CACHE_SECONDS", 60)
DWGK_PAGE_CACHE_MAX_PAGES = env_int("DWGK_PAGE_CACHE_MAX_PAGES", 20000)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organizations.User"
# Django's own database sessions and model authentication, each reading its row with one plain
# statement on every signed-in request (see dwgk/sessions.py, organizations/backends.py).
SESSION_ENGINE = "dwgk.sessions"
AUTHENTICATION_BACKENDS = ["organizations.backends.UserBackend"]
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
DWGK_REMIND_WITHIN_WORKDAYS = env_int("DWGK_REMIND_WITHIN_WORKDAYS", 3)
DWGK_INTERNAL_PERIOD_WORKDAYS = env_int("DWGK_INTERNAL_PERIOD_WORKDAYS", 5)
DWGK_SCHEDULER_INTERVAL_SECONDS = env_int("DWGK_SCHEDULER_INTERVAL_SECONDS", 300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Libraries that narrate their work at INFO would bury the run command's own output.
    "loggers": {name: {"level": "WARNING"} for name in ("jieba", "weasyprint", "fontTools")},
}
